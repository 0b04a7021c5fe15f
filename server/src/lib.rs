//! The seat-audit back end: configuration, database, HTTP server and the command line behind it.

pub mod cli;
pub mod config;
pub mod db;
pub mod telemetry;
pub mod web;
