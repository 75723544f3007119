-- A table macro that uses the macro listed before it.
create or replace macro doubled_input(factor) as table
    select k, v * factor as v, labelled(v * factor) as label from main.input;
