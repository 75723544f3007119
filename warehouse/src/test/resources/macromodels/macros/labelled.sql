-- A scalar macro; variables are substituted as in models.
create or replace macro labelled(value) as ${label} || ':' || value;
