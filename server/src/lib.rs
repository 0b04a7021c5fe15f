//! The seat-audit back end: configuration, database, HTTP server and the command line behind it.

pub mod audit;
pub mod auth;
pub mod check;
pub mod cli;
pub mod config;
pub mod dashboard;
pub mod db;
pub mod exports;
pub mod gong;
pub mod notify;

pub mod policy;
pub mod report;
pub mod seats;
pub mod simulator;
pub mod startup;
pub mod sync;
pub mod telemetry;
pub mod web;
pub mod workflow;
