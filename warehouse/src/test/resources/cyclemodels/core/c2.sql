select * from core.c1
