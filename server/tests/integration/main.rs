//! Every integration test of the server, in one binary: one link instead of one per file keeps a
//! fresh build fast and its `target/` small (each test binary links the whole server).

mod support;
mod sync_support;

mod access;
mod backup_command;
mod check_command;
mod company_time_zone;
mod demo_and_live;
mod deploy_files;
mod file_permissions;
mod finance;
mod input_errors;
mod manager_scope;
mod metrics_labels;
mod notifications;
mod one_file;
mod overview_charts;
mod pages;
mod passwords;
mod paths_and_redirects;
mod report_command;
mod retention;
mod secrets;
mod security_headers;
mod sessions;
mod settings;
mod settings_check;
mod shutdown;
mod sign_in_limits;
mod simulator_behaviour;
mod simulator_contract;
mod simulator_schema;
mod single_sign_on;
mod startup;
mod sync_empty_folder;
mod sync_incremental;
mod sync_killed;
mod sync_pacing;
mod sync_quota_share;
mod sync_report;
mod user_pages;
mod users_export;
mod users_filters;
mod version;
mod workflow_recheck;
