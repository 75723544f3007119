-- The session TimeZone the build ran under.
select current_setting('TimeZone') as zone
