//! `GET /export/seats.csv|xlsx` and `/export/users.csv|xlsx`: the Finance page's seat summary, and
//! the users table of the latest good report (whole, or the Users page's view), as downloads.

use app::types::{Area, AuditQuery, ManagerMatch, UsersParams, UsersQuery};
use axum::{
    extract::{Query, State},
    http::{header, StatusCode},
    response::{IntoResponse, Response},
    routing::get,
    Extension, Router,
};
use chrono::{DateTime, Utc};

use super::{
    access::{self, Refusal},
    AppState,
};
use crate::{
    audit,
    auth::SignedIn,
    dashboard,
    exports::{
        seats,
        sheet::{to_csv, to_xlsx, Cell},
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
        .route("/export/audit.csv", get(audit_csv))
}

/// The signed-in account, if its role opens `area` (the gate has already turned away anonymous
/// requests; this is the export's own check).
fn allowed(account: Option<Extension<SignedIn>>, area: Area) -> Result<SignedIn, ExportError> {
    access::require(account.as_ref().map(|Extension(a)| a), area).map_err(|refusal| match refusal {
        Refusal::SignedOut => ExportError::SignedOut,
        Refusal::Role(_) => ExportError::Denied,
    })
}

#[derive(Debug, thiserror::Error)]
enum ExportError {
    #[error("No report yet: run a sync first, then export.")]
    NoReport,
    #[error("Your role does not include this export.")]
    Denied,
    #[error("Sign in first.")]
    SignedOut,
    /// A query string that cannot be read: 400 (the audit log's filters).
    #[error("{0}")]
    Invalid(String),
    /// A field read but refused, in a sentence naming it: 422, as the server functions answer.
    #[error("{0}")]
    Refused(String),
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
            ExportError::Denied => (StatusCode::FORBIDDEN, self.to_string()).into_response(),
            ExportError::SignedOut => (StatusCode::UNAUTHORIZED, self.to_string()).into_response(),
            ExportError::Invalid(_) => (StatusCode::BAD_REQUEST, self.to_string()).into_response(),
            ExportError::Refused(_) => {
                (StatusCode::UNPROCESSABLE_ENTITY, self.to_string()).into_response()
            }
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

async fn seats_export(
    state: &AppState,
    account: Option<Extension<SignedIn>>,
    format: Format,
) -> Result<Response, ExportError> {
    let account = allowed(account, Area::Figures)?;
    let within = access::scope(&state.pool, &account).await?;
    let today = summary::today(state.company_tz().await?);
    let summary = summary::load(&state.pool, today, within.as_ref()).await?;
    let as_of = summary.as_of.ok_or(ExportError::NoReport)?;
    download("seats", as_of, seats::sheet(&summary), format).await
}

/// The rows of the Users page's view that the URL names (its own parameter names, the page number
/// ignored), every page of them in its order, within the viewer's scope; no parameters, every
/// user (docs/product.md, "Pages"). The page's query and its SQL, not a copy of them.
async fn users_export(
    state: &AppState,
    account: Option<Extension<SignedIn>>,
    url: Vec<(String, String)>,
    format: Format,
) -> Result<Response, ExportError> {
    let account = allowed(account, Area::People)?;
    let params = UsersParams::from_url(
        url.iter()
            .filter(|(name, _)| name != "page")
            .map(|(name, value)| (name.as_str(), value.as_str())),
    );
    let query = UsersQuery::from_params(&params).map_err(ExportError::Refused)?;
    let team = access::team(&state.pool, &account).await?;
    let view = dashboard::users::view(&state.pool, &state.user_counts, &query, team.as_ref())
        .await?
        .ok_or(ExportError::NoReport)?;
    // The page asks whose team was meant; a download cannot, so it says why it has no rows.
    match (&view.manager, query.manager.as_deref()) {
        (Some(ManagerMatch::NotFound), Some(text)) => {
            return Err(ExportError::Refused(format!(
                "Manager: nobody with direct reports is called “{text}”."
            )))
        }
        (Some(ManagerMatch::Several(_)), Some(text)) => {
            return Err(ExportError::Refused(format!(
                "Manager: several managers are called “{text}”; give an email instead."
            )))
        }
        _ => {}
    }
    download("users", view.as_of, users::sheet(view.rows), format).await
}

async fn seats_csv(
    State(state): State<AppState>,
    account: Option<Extension<SignedIn>>,
) -> Result<Response, ExportError> {
    seats_export(&state, account, Format::Csv).await
}

async fn seats_xlsx(
    State(state): State<AppState>,
    account: Option<Extension<SignedIn>>,
) -> Result<Response, ExportError> {
    seats_export(&state, account, Format::Xlsx).await
}

async fn users_csv(
    State(state): State<AppState>,
    account: Option<Extension<SignedIn>>,
    Query(url): Query<Vec<(String, String)>>,
) -> Result<Response, ExportError> {
    users_export(&state, account, url, Format::Csv).await
}

async fn users_xlsx(
    State(state): State<AppState>,
    account: Option<Extension<SignedIn>>,
    Query(url): Query<Vec<(String, String)>>,
) -> Result<Response, ExportError> {
    users_export(&state, account, url, Format::Xlsx).await
}

/// The audit log entries the filters match, newest first, as CSV (the Audit log page's filters).
async fn audit_csv(
    State(state): State<AppState>,
    account: Option<Extension<SignedIn>>,
    Query(query): Query<AuditQuery>,
) -> Result<Response, ExportError> {
    allowed(account, Area::Audit)?;
    let entries = audit::all(&state.pool, &query)
        .await?
        .map_err(ExportError::Invalid)?;
    let sheet = Sheet {
        name: "Audit log",
        header: [
            "id", "at", "actor", "action", "subject", "before", "after", "reason",
        ]
        .map(String::from)
        .to_vec(),
        rows: entries
            .into_iter()
            .map(|e| {
                vec![
                    Cell::Integer(e.id),
                    Cell::Text(e.at),
                    Cell::Text(e.actor),
                    Cell::Text(e.action),
                    Cell::optional_text(e.subject),
                    Cell::optional_text(e.before),
                    Cell::optional_text(e.after),
                    Cell::optional_text(e.reason),
                ]
            })
            .collect(),
    };
    download("audit-log", Utc::now(), sheet, Format::Csv).await
}
