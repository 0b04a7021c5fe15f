//! The error a server function hands to the browser: a sentence meant for a person, never internals.

use leptos::server_fn::{
    codec::JsonEncoding,
    error::{FromServerFnError, ServerFnErrorErr},
};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    /// The back end could not answer; the details are in the server log.
    #[error("{0}")]
    Unavailable(String),
    /// The request was refused because of what was asked (a form field, say); nothing changed.
    #[error("{0}")]
    Invalid(String),
    /// The account may not do this, or nobody is signed in; nothing was read or changed.
    #[error("{0}")]
    Denied(String),
    /// The request never reached the back end, or its answer could not be read.
    #[error("the server could not be reached: {0}")]
    Transport(String),
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            // What was sent could not be read as the function's fields: the asker's mistake, so a
            // refusal naming the field (the server answers it 422), not a failure of the server.
            ServerFnErrorErr::Args(reason) => AppError::Invalid(match reason.chars().next() {
                Some(first) if first.is_uppercase() => reason,
                _ => format!("The request could not be read ({reason}); nothing was changed."),
            }),
            ServerFnErrorErr::MissingArg(name) => {
                AppError::Invalid(format!("{name}: missing; nothing was changed."))
            }
            other => AppError::Transport(other.to_string()),
        }
    }
}
