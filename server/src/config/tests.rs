use figment::Jail;

use super::*;

#[test]
fn defaults_apply_when_nothing_is_set() {
    Jail::expect_with(|_jail| {
        let settings = Settings::load(None).expect("defaults load");
        assert_eq!(settings.addr.to_string(), "127.0.0.1:3000");
        assert_eq!(settings.data_dir, PathBuf::from("data"));
        assert_eq!(settings.database_url(), "sqlite://data/seat-audit.db");
        assert!(matches!(
            settings.gong_connection(),
            Ok(GongConnection::Demo)
        ));
        Ok(())
    });
}

#[test]
fn the_file_overrides_defaults_and_the_environment_overrides_the_file() {
    Jail::expect_with(|jail| {
        jail.create_file(
            "seat-audit.toml",
            r#"
                addr = "127.0.0.1:4000"
                data_dir = "/var/lib/seat-audit"
                [database]
                max_connections = 3
            "#,
        )?;
        jail.set_env("SEAT_AUDIT__ADDR", "127.0.0.1:5000");
        let settings = Settings::load(Some(Path::new("seat-audit.toml"))).expect("layers load");
        assert_eq!(
            settings.addr.to_string(),
            "127.0.0.1:5000",
            "environment wins over the file"
        );
        assert_eq!(
            settings.data_dir,
            PathBuf::from("/var/lib/seat-audit"),
            "file wins over defaults"
        );
        assert_eq!(settings.database.max_connections, 3);
        Ok(())
    });
}

#[test]
fn nested_settings_come_from_double_underscore_variables() {
    Jail::expect_with(|jail| {
        jail.set_env("SEAT_AUDIT__GONG__BASE_URL", "https://us-55616.api.gong.io");
        jail.set_env("SEAT_AUDIT__GONG__ACCESS_KEY", "KEY123");
        jail.set_env("SEAT_AUDIT__GONG__ACCESS_KEY_SECRET", "123456");
        let settings = Settings::load(None).expect("live settings load");
        match settings.gong_connection().expect("complete connection") {
            GongConnection::Live {
                base_url,
                access_key,
                access_key_secret,
            } => {
                assert_eq!(base_url.as_str(), "https://us-55616.api.gong.io/");
                assert_eq!(access_key.expose(), "KEY123");
                assert_eq!(
                    access_key_secret.expose(),
                    "123456",
                    "an all-digit secret keeps its text"
                );
            }
            GongConnection::Demo => panic!("expected a live connection"),
        }
        Ok(())
    });
}

#[test]
fn a_partial_gong_connection_names_what_is_missing() {
    Jail::expect_with(|jail| {
        jail.set_env("SEAT_AUDIT__GONG__BASE_URL", "https://api.gong.io");
        let settings = Settings::load(None).expect("loads");
        let error = settings.gong_connection().unwrap_err().to_string();
        assert!(
            error.contains("SEAT_AUDIT__GONG__ACCESS_KEY and SEAT_AUDIT__GONG__ACCESS_KEY_SECRET"),
            "{error}"
        );
        Ok(())
    });
}

#[test]
fn a_bad_value_names_the_setting() {
    Jail::expect_with(|jail| {
        jail.set_env("SEAT_AUDIT__ADDR", "not-an-address");
        let error = Settings::load(None).unwrap_err().to_string();
        assert!(error.contains("addr"), "{error}");
        assert!(error.contains("SEAT_AUDIT__ADDR"), "{error}");
        Ok(())
    });
}

#[test]
fn a_misspelt_setting_is_refused() {
    Jail::expect_with(|jail| {
        jail.set_env("SEAT_AUDIT__GONG__ACESS_KEY", "x");
        let error = Settings::load(None).unwrap_err().to_string();
        assert!(error.contains("acess_key"), "{error}");
        Ok(())
    });
}

#[test]
fn debug_output_of_the_settings_contains_no_secret() {
    Jail::expect_with(|jail| {
        jail.set_env("SEAT_AUDIT__GONG__BASE_URL", "https://api.gong.io");
        jail.set_env("SEAT_AUDIT__GONG__ACCESS_KEY", "access-key-value");
        jail.set_env("SEAT_AUDIT__GONG__ACCESS_KEY_SECRET", "access-secret-value");
        jail.set_env("SEAT_AUDIT__SCIM__BASE_URL", "https://app.gong.io/scim/v2");
        jail.set_env("SEAT_AUDIT__SCIM__TOKEN", "scim-token-value");
        jail.set_env("SEAT_AUDIT__ADMIN__PASSWORD", "admin-password-value");
        let settings = Settings::load(None).expect("loads");
        let printed = format!("{settings:?} {:?}", settings.gong_connection());
        for secret in [
            "access-key-value",
            "access-secret-value",
            "scim-token-value",
            "admin-password-value",
        ] {
            assert!(!printed.contains(secret), "{secret} leaked: {printed}");
        }
        assert!(printed.contains("[redacted]"));
        Ok(())
    });
}

#[test]
fn a_missing_configuration_file_is_an_error() {
    Jail::expect_with(|_jail| {
        let error = Settings::load(Some(Path::new("nowhere.toml")))
            .unwrap_err()
            .to_string();
        assert!(error.contains("nowhere.toml"), "{error}");
        Ok(())
    });
}

#[test]
fn trusted_proxies_come_from_a_list_in_the_file_or_one_string_in_the_environment() {
    Jail::expect_with(|jail| {
        jail.create_file(
            "seat-audit.toml",
            r#"
                [http]
                trusted_proxies = ["10.0.0.0/8"]
            "#,
        )?;
        let settings = Settings::load(Some(Path::new("seat-audit.toml"))).expect("a list loads");
        assert!(settings
            .http
            .trusted_proxies
            .contains("10.1.2.3".parse().unwrap()));
        assert!(!settings
            .http
            .trusted_proxies
            .contains("127.0.0.1".parse().unwrap()));

        jail.set_env("SEAT_AUDIT__HTTP__TRUSTED_PROXIES", "127.0.0.1, ::1");
        let settings = Settings::load(None).expect("a string loads");
        assert!(settings
            .http
            .trusted_proxies
            .contains("127.0.0.1".parse().unwrap()));
        assert!(settings
            .http
            .trusted_proxies
            .contains("::1".parse().unwrap()));

        jail.set_env("SEAT_AUDIT__HTTP__TRUSTED_PROXIES", "127.0.0.1");
        let one = Settings::load(None).expect("one address loads");
        assert!(one
            .http
            .trusted_proxies
            .contains("127.0.0.1".parse().unwrap()));

        jail.set_env("SEAT_AUDIT__HTTP__TRUSTED_PROXIES", "proxy.internal");
        let refused = Settings::load(None).unwrap_err().to_string();
        assert!(
            refused.contains("SEAT_AUDIT__HTTP__TRUSTED_PROXIES")
                && refused.contains("proxy.internal"),
            "{refused}"
        );
        Ok(())
    });
}

#[test]
fn oidc_settings_come_from_the_environment_with_the_redirect_under_the_public_url() {
    Jail::expect_with(|jail| {
        jail.set_env("SEAT_AUDIT__PUBLIC_URL", "https://seats.example.com");
        jail.set_env("SEAT_AUDIT__OIDC__ISSUER_URL", "https://example.okta.com");
        jail.set_env("SEAT_AUDIT__OIDC__CLIENT_ID", "0oa1seataudit");
        jail.set_env("SEAT_AUDIT__OIDC__CLIENT_SECRET", "shh-very-secret");
        jail.set_env(
            "SEAT_AUDIT__OIDC__ROLE_MAP",
            "seat-audit-admins=admin,finance=finance",
        );
        let settings = Settings::load(None).expect("loads");
        let oidc = settings.oidc().expect("complete").expect("configured");
        assert_eq!(
            oidc.redirect_url.unwrap().as_str(),
            "https://seats.example.com/auth/oidc/callback"
        );
        assert_eq!(oidc.roles_claim, "groups");
        assert_eq!(
            oidc.role_map,
            RoleMap(vec![
                ("seat-audit-admins".into(), app::types::Role::Admin),
                ("finance".into(), app::types::Role::Finance),
            ])
        );
        assert!(!format!("{settings:?}").contains("shh-very-secret"));
        Ok(())
    });
}

#[test]
fn a_role_map_can_be_a_table_in_the_file() {
    Jail::expect_with(|jail| {
        jail.create_file(
            "seat-audit.toml",
            r#"
                [oidc]
                issuer_url = "https://accounts.google.com"
                client_id = "123-abc.apps.googleusercontent.com"
                client_secret = "x"
                redirect_url = "https://seats.example.com/auth/oidc/callback"
                [oidc.role_map]
                "it-admins@example.com" = "admin"
            "#,
        )?;
        let settings = Settings::load(Some(Path::new("seat-audit.toml"))).expect("loads");
        let oidc = settings.oidc().unwrap().unwrap();
        assert_eq!(
            oidc.role_map.role_for(["it-admins@example.com"]),
            Some(app::types::Role::Admin)
        );
        Ok(())
    });
}

#[test]
fn a_partial_oidc_configuration_names_every_missing_setting() {
    Jail::expect_with(|jail| {
        jail.set_env("SEAT_AUDIT__OIDC__ISSUER_URL", "https://example.okta.com");
        jail.set_env("SEAT_AUDIT__OIDC__CLIENT_ID", "0oa1seataudit");
        let error = Settings::load(None).unwrap_err().to_string();
        assert!(
            error.contains("SEAT_AUDIT__OIDC__CLIENT_SECRET, SEAT_AUDIT__OIDC__ROLE_MAP not set"),
            "{error}"
        );
        Ok(())
    });
}

#[test]
fn a_role_map_naming_an_unknown_role_names_the_setting() {
    Jail::expect_with(|jail| {
        jail.set_env("SEAT_AUDIT__OIDC__ROLE_MAP", "admins=root");
        let error = Settings::load(None).unwrap_err().to_string();
        assert!(error.contains("SEAT_AUDIT__OIDC__ROLE_MAP"), "{error}");
        assert!(error.contains("not a role"), "{error}");
        Ok(())
    });
}
