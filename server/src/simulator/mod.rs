//! A Gong simulator: the REST endpoints the product reads and the SCIM endpoint it writes, with
//! Gong's envelope, pagination, empty-list 404s, rate limits and injectable faults
//! (docs/gong-api.md), over a deterministic synthetic company. The demo, the tests and the
//! benchmarks run against it; nothing here can reach the real Gong.

mod clock;
mod company;
mod config;
mod cursor;
mod envelope;
mod error;
mod faults;
mod limits;
mod middleware;
mod routes;
mod running;
mod scim;
mod state;
mod truth;

pub use clock::SimClock;
pub use company::{Company, CompanySize, Persona};
pub use config::{SimCredentials, SimulatorConfig};
pub use error::SimulatorError;
pub use faults::Faults;
pub use limits::RateLimits;
pub use running::{RunningSimulator, Simulator};
pub use state::LoggedRequest;
pub use truth::{GroundTruth, TruthUser};
