-- The Gong user settings that decide whether Gong can capture a user's calls, kept as Gong sent
-- them (NULL where it sent none). `recording_off` stays the derived verdict the report reads:
-- web conferences not recorded (webConferencesRecorded false or preventWebConferenceRecording
-- true) and neither telephony calls nor non-recorded meetings imported (docs/product.md,
-- "Activity and statuses", unmonitored). The next sync fills these and recomputes the verdict.
ALTER TABLE gong_users ADD COLUMN web_conferences_recorded INTEGER
    CHECK (web_conferences_recorded IN (0, 1));
ALTER TABLE gong_users ADD COLUMN prevent_web_conference_recording INTEGER
    CHECK (prevent_web_conference_recording IN (0, 1));
ALTER TABLE gong_users ADD COLUMN telephony_calls_imported INTEGER
    CHECK (telephony_calls_imported IN (0, 1));
ALTER TABLE gong_users ADD COLUMN non_recorded_meetings_imported INTEGER
    CHECK (non_recorded_meetings_imported IN (0, 1));
