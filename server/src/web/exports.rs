//! `GET /export/seats.csv|xlsx` and `/export/users.csv|xlsx`: the Finance page's seat summary and the
//! whole users table of the latest good report, as downloads.

use axum::{
    extract::State,
    http::{header, StatusCode},
    response::{IntoResponse, Response},
    routing::get,
    Router,
};
use chrono::{DateTime, Utc};

use super::AppState;
use crate::{
    exports::{
        seats,
        sheet::{to_csv, to_xlsx},
        users, Sheet,
    },
    seats::summary,
};

const CSV: &str = "text/csv; charset=utf-8";
const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/export/seats.csv", get(seats_csv))
        .route("/export/seats.xlsx", get(seats_xlsx))
        .route("/export/users.csv", get(users_csv))
        .route("/export/users.xlsx", get(users_xlsx))
}

#[derive(Debug, thiserror::Error)]
enum ExportError {
    #[error("No report yet: run a sync first, then export.")]
    NoReport,
    #[error("database: {0}")]
    Database(#[from] sqlx::Error),
    #[error("xlsx: {0}")]
    Xlsx(#[from] rust_xlsxwriter::XlsxError),
    #[error("the export task ended abnormally: {0}")]
    Task(String),
}

impl IntoResponse for ExportError {
    fn into_response(self) -> Response {
        match self {
            ExportError::NoReport => (StatusCode::NOT_FOUND, self.to_string()).into_response(),
            other => {
                tracing::error!(error = %other, "export failed");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "The export could not be made. Try again in a moment.",
                )
                    .into_response()
            }
        }
    }
}

#[derive(Clone, Copy)]
enum Format {
    Csv,
    Xlsx,
}

async fn download(
    what: &str,
    as_of: DateTime<Utc>,
    sheet: Sheet,
    format: Format,
) -> Result<Response, ExportError> {
    let day = as_of.format("%Y-%m-%d");
    let (body, content_type, extension) = match format {
        Format::Csv => (to_csv(&sheet).into_bytes(), CSV, "csv"),
        // Compressing a 50,000-row workbook takes a while: off the async workers.
        Format::Xlsx => (
            tokio::task::spawn_blocking(move || to_xlsx(&sheet))
                .await
                .map_err(|e| ExportError::Task(e.to_string()))??,
            XLSX,
            "xlsx",
        ),
    };
    Ok((
        [
            (header::CONTENT_TYPE, content_type.to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"seat-audit-{what}-{day}.{extension}\""),
            ),
        ],
        body,
    )
        .into_response())
}

async fn seats_export(state: &AppState, format: Format) -> Result<Response, ExportError> {
    let today = summary::today(state.company_tz().await?);
    let summary = summary::load(&state.pool, today).await?;
    let as_of = summary.as_of.ok_or(ExportError::NoReport)?;
    download("seats", as_of, seats::sheet(&summary), format).await
}

async fn users_export(state: &AppState, format: Format) -> Result<Response, ExportError> {
    let (as_of, sheet) = users::sheet(&state.pool)
        .await?
        .ok_or(ExportError::NoReport)?;
    download("users", as_of, sheet, format).await
}

async fn seats_csv(State(state): State<AppState>) -> Result<Response, ExportError> {
    seats_export(&state, Format::Csv).await
}

async fn seats_xlsx(State(state): State<AppState>) -> Result<Response, ExportError> {
    seats_export(&state, Format::Xlsx).await
}

async fn users_csv(State(state): State<AppState>) -> Result<Response, ExportError> {
    users_export(&state, Format::Csv).await
}

async fn users_xlsx(State(state): State<AppState>) -> Result<Response, ExportError> {
    users_export(&state, Format::Xlsx).await
}
