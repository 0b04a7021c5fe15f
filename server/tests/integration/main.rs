//! Every integration test of the server, in one binary: one link instead of one per file keeps a
//! fresh build fast and its `target/` small (each test binary links the whole server).

mod support;
mod sync_support;

mod access;
mod finance;
mod input_errors;
mod manager_scope;
mod overview_charts;
mod pages;
mod report_command;
mod secrets;
mod settings;
mod simulator_behaviour;
mod simulator_contract;
mod simulator_schema;
mod startup;
mod sync_incremental;
mod sync_killed;
mod sync_report;
mod user_pages;
mod users_filters;
mod workflow_recheck;
