-- Depends on core.alpha (the reference in this comment is ignored: core.x_not_a_model).
select k, v, 'reports.x' as not_a_dependency from core.alpha
