select * from core.c2
