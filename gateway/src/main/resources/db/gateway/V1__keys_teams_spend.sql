-- Virtual keys, teams and spend. Portable SQL: these same statements run on SQLite and PostgreSQL.
-- Times are Unix milliseconds; lists and metadata are JSON text; booleans are 0/1.
-- Rows are deleted softly (deleted = 1) so that every replica's key poller sees the deletion.

CREATE TABLE lantern_teams (
  team_id VARCHAR(128) PRIMARY KEY,
  team_alias VARCHAR(256),
  models TEXT NOT NULL,
  max_budget DOUBLE PRECISION,
  spend DOUBLE PRECISION NOT NULL DEFAULT 0,
  budget_duration VARCHAR(32),
  budget_reset_at BIGINT,
  rpm_limit BIGINT,
  tpm_limit BIGINT,
  max_parallel_requests INTEGER,
  blocked INTEGER NOT NULL DEFAULT 0,
  metadata TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  deleted INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX lantern_teams_updated ON lantern_teams (updated_at);

CREATE TABLE lantern_keys (
  token VARCHAR(64) PRIMARY KEY,
  key_name VARCHAR(64) NOT NULL,
  key_alias VARCHAR(256),
  team_id VARCHAR(128),
  user_id VARCHAR(256),
  models TEXT NOT NULL,
  max_budget DOUBLE PRECISION,
  spend DOUBLE PRECISION NOT NULL DEFAULT 0,
  budget_duration VARCHAR(32),
  budget_reset_at BIGINT,
  rpm_limit BIGINT,
  tpm_limit BIGINT,
  max_parallel_requests INTEGER,
  expires_at BIGINT,
  blocked INTEGER NOT NULL DEFAULT 0,
  metadata TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  deleted INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX lantern_keys_updated ON lantern_keys (updated_at);
CREATE INDEX lantern_keys_team ON lantern_keys (team_id);

CREATE TABLE lantern_spend_logs (
  request_id VARCHAR(64) PRIMARY KEY,
  call_id VARCHAR(64) NOT NULL,
  call_type VARCHAR(32) NOT NULL,
  api_key VARCHAR(64) NOT NULL,
  key_alias VARCHAR(256),
  team_id VARCHAR(128),
  user_id VARCHAR(256),
  end_user VARCHAR(256),
  model_group VARCHAR(256),
  model_id VARCHAR(128),
  model VARCHAR(256),
  prompt_tokens BIGINT NOT NULL,
  completion_tokens BIGINT NOT NULL,
  total_tokens BIGINT NOT NULL,
  spend DOUBLE PRECISION NOT NULL,
  status VARCHAR(16) NOT NULL,
  status_code INTEGER NOT NULL,
  start_time BIGINT NOT NULL,
  end_time BIGINT NOT NULL
);
CREATE INDEX lantern_spend_logs_time ON lantern_spend_logs (start_time);
CREATE INDEX lantern_spend_logs_key ON lantern_spend_logs (api_key, start_time);
CREATE INDEX lantern_spend_logs_team ON lantern_spend_logs (team_id, start_time);
CREATE INDEX lantern_spend_logs_user ON lantern_spend_logs (user_id, start_time);
