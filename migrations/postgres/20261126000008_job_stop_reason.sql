-- Why the console paused a job by itself (domain::audience::JobStop):
-- refused (stop_code holds the API's code), unreachable, app_gone, file_unreadable.
ALTER TABLE audience_jobs ADD COLUMN stop_reason TEXT;
