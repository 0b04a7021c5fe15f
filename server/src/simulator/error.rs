//! Why a simulator cannot start.

use std::net::SocketAddr;

#[derive(Debug, thiserror::Error)]
pub enum SimulatorError {
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        addr: SocketAddr,
        source: std::io::Error,
    },
    #[error("cannot read the simulator's state in {path}: {message}")]
    State { path: String, message: String },
}
