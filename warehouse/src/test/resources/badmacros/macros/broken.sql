create or replace macro broken(x) as table selec x;
