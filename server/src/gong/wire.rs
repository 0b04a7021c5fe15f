//! Gong's JSON as it arrives (Gong's OpenAPI document: `server/tests/fixtures/gong/openapi.json`).
//! Unknown fields are ignored because Gong may add fields at any time; ids stay strings because
//! they exceed 2^53 (docs/gong-api.md).

use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::report::CaptureSettings;

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Records {
    #[serde(default)]
    pub total_records: u64,
    #[serde(default)]
    pub current_page_size: u64,
    #[serde(default)]
    pub current_page_number: u64,
    pub cursor: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ErrorBody {
    #[serde(default)]
    pub errors: Vec<String>,
}

#[derive(Debug, Deserialize)]
pub struct UsersPage {
    pub records: Records,
    #[serde(default)]
    pub users: Vec<User>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct User {
    pub id: String,
    pub email_address: Option<String>,
    pub created: Option<DateTime<FixedOffset>>,
    #[serde(default)]
    pub active: bool,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub title: Option<String>,
    pub manager_id: Option<String>,
    pub settings: Option<UserSettings>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UserSettings {
    pub web_conferences_recorded: Option<bool>,
    pub prevent_web_conference_recording: Option<bool>,
    pub telephony_calls_imported: Option<bool>,
    pub non_recorded_meetings_imported: Option<bool>,
}

impl User {
    /// The settings that decide whether Gong captures this user's calls; all null when Gong sent
    /// no settings object.
    pub fn capture(&self) -> CaptureSettings {
        self.settings
            .as_ref()
            .map(|s| CaptureSettings {
                web_conferences_recorded: s.web_conferences_recorded,
                prevent_web_conference_recording: s.prevent_web_conference_recording,
                telephony_calls_imported: s.telephony_calls_imported,
                non_recorded_meetings_imported: s.non_recorded_meetings_imported,
            })
            .unwrap_or_default()
    }
}

#[derive(Debug, Deserialize)]
pub struct CallsPage {
    pub records: Records,
    #[serde(default)]
    pub calls: Vec<Call>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Call {
    pub id: String,
    pub started: DateTime<FixedOffset>,
    pub duration: Option<f64>,
    pub primary_user_id: Option<String>,
    pub workspace_id: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ExtensiveCallsPage {
    pub records: Records,
    #[serde(default)]
    pub calls: Vec<ExtensiveCall>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ExtensiveCall {
    pub meta_data: Call,
    #[serde(default)]
    pub parties: Vec<Party>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Party {
    pub user_id: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DayByDayPage {
    pub records: Records,
    #[serde(default)]
    pub users_detailed_activities: Vec<UserDays>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UserDays {
    pub user_id: String,
    #[serde(default)]
    pub user_daily_activity_stats: Vec<DayActivity>,
}

/// One user's activity on one day: each list holds the ids of the calls concerned.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DayActivity {
    pub from_date: Option<String>,
    #[serde(default)]
    pub calls_as_host: Vec<String>,
    #[serde(default)]
    pub calls_attended: Vec<String>,
    #[serde(default)]
    pub calls_gave_feedback: Vec<String>,
    #[serde(default)]
    pub calls_scorecards_filled: Vec<String>,
    #[serde(default)]
    pub calls_comments_given: Vec<String>,
    #[serde(default)]
    pub own_calls_listened_to: Vec<String>,
    #[serde(default)]
    pub others_calls_listened_to: Vec<String>,
}

impl DayActivity {
    /// The calendar day this entry covers; Gong writes it as a date or a date-time with an offset.
    pub fn day(&self) -> Option<NaiveDate> {
        let text = self.from_date.as_deref()?;
        NaiveDate::parse_from_str(text.get(..10)?, "%Y-%m-%d").ok()
    }

    pub fn coached(&self) -> usize {
        self.calls_gave_feedback.len()
            + self.calls_scorecards_filled.len()
            + self.calls_comments_given.len()
    }

    pub fn listened(&self) -> usize {
        self.own_calls_listened_to.len() + self.others_calls_listened_to.len()
    }
}

/// The body of the stats endpoints (`PublicApiBaseRequestV2MultipleUsersWithDates`).
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StatsRequest {
    pub filter: StatsFilter,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cursor: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StatsFilter {
    pub from_date: String,
    pub to_date: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_ids: Option<Vec<String>>,
}

/// The body of `POST /v2/calls/extensive`.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ExtensiveCallsRequest {
    pub filter: ExtensiveCallsFilter,
    pub content_selector: serde_json::Value,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cursor: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ExtensiveCallsFilter {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from_date_time: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to_date_time: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub primary_user_ids: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub call_ids: Option<Vec<String>>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_users_page_with_unknown_fields_and_offset_timestamps_parses() {
        let body = include_str!("../../tests/fixtures/gong/examples/GET_v2_users_200.json");
        let page: UsersPage = serde_json::from_str(body).expect("Gong's example parses");
        assert!(!page.users.is_empty());
        let user = &page.users[0];
        assert!(user.id.chars().all(|c| c.is_ascii_digit()));
    }

    #[test]
    fn a_calls_page_parses() {
        let body = include_str!("../../tests/fixtures/gong/examples/GET_v2_calls_200.json");
        let page: CallsPage = serde_json::from_str(body).expect("Gong's example parses");
        assert!(!page.calls.is_empty());
    }

    #[test]
    fn an_extensive_calls_page_with_parties_parses() {
        let body =
            include_str!("../../tests/fixtures/gong/examples/POST_v2_calls_extensive_200.json");
        let page: ExtensiveCallsPage = serde_json::from_str(body).expect("Gong's example parses");
        assert!(!page.calls.is_empty());
    }

    #[test]
    fn ids_above_two_to_the_fifty_three_keep_every_digit() {
        let body = r#"{"records":{"totalRecords":1,"currentPageSize":1,"currentPageNumber":0},
            "users":[{"id":"18446744073709551615","active":true,"created":"2024-01-02T03:04:05.678-08:00"}]}"#;
        let page: UsersPage = serde_json::from_str(body).unwrap();
        assert_eq!(page.users[0].id, "18446744073709551615");
    }
}
