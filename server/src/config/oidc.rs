//! OpenID Connect settings (`SEAT_AUDIT__OIDC__…`): all of issuer, client id and secret, or none;
//! what the ID token's roles claim maps to.

use std::fmt;

use app::types::Role;
use serde::{de, Deserialize, Deserializer};
use url::Url;

use super::{ConfigError, Secret};

/// The path the identity provider sends people back to, under the public URL.
pub const CALLBACK_PATH: &str = "/auth/oidc/callback";

#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct OidcSettings {
    /// The issuer; its `/.well-known/openid-configuration` is read at each sign-in. Kept as
    /// written: it must equal the discovery document's `issuer` exactly, trailing slash and all.
    pub issuer_url: Option<String>,
    pub client_id: Option<String>,
    pub client_secret: Option<Secret>,
    /// Where the identity provider sends people back; by default `{public URL}/auth/oidc/callback`.
    pub redirect_url: Option<Url>,
    /// The ID token claim that lists the person's groups.
    pub roles_claim: String,
    /// Claim values to roles, e.g. `seat-audit-admins=admin,finance=finance`.
    pub role_map: RoleMap,
    /// Shown on the sign-in page: "Sign in with <provider name>".
    pub provider_name: Option<String>,
}

impl Default for OidcSettings {
    fn default() -> Self {
        OidcSettings {
            issuer_url: None,
            client_id: None,
            client_secret: None,
            redirect_url: None,
            roles_claim: "groups".into(),
            role_map: RoleMap::default(),
            provider_name: None,
        }
    }
}

/// A complete OpenID Connect configuration, checked at start-up.
#[derive(Debug, Clone)]
pub struct Oidc {
    pub issuer_url: String,
    pub client_id: String,
    pub client_secret: Secret,
    /// `None` until the server knows its address: without a public URL or a redirect URL, the
    /// address it listens on is the public one (`startup`).
    pub redirect_url: Option<Url>,
    pub roles_claim: String,
    pub role_map: RoleMap,
    pub provider_name: String,
}

impl OidcSettings {
    /// `None` when nothing is set; the complete configuration when all is; otherwise an error
    /// naming every missing setting.
    pub fn resolve(&self, public_url: Option<&Url>) -> Result<Option<Oidc>, ConfigError> {
        let any_set = self.issuer_url.is_some()
            || self.client_id.is_some()
            || self.client_secret.is_some()
            || self.redirect_url.is_some()
            || !self.role_map.0.is_empty();
        if !any_set {
            return Ok(None);
        }
        let redirect_url = self
            .redirect_url
            .clone()
            .or_else(|| public_url.map(callback_under));
        let missing = [
            ("SEAT_AUDIT__OIDC__ISSUER_URL", self.issuer_url.is_none()),
            ("SEAT_AUDIT__OIDC__CLIENT_ID", self.client_id.is_none()),
            (
                "SEAT_AUDIT__OIDC__CLIENT_SECRET",
                self.client_secret.is_none(),
            ),
            ("SEAT_AUDIT__OIDC__ROLE_MAP", self.role_map.0.is_empty()),
        ]
        .into_iter()
        .filter_map(|(name, missing)| missing.then_some(name))
        .collect::<Vec<_>>();
        let (Some(issuer_url), Some(client_id), Some(client_secret), true) = (
            self.issuer_url.clone(),
            self.client_id.clone(),
            self.client_secret.clone(),
            missing.is_empty(),
        ) else {
            return Err(ConfigError::PartialOidc {
                missing: missing.join(", "),
            });
        };
        let issuer = Url::parse(&issuer_url).map_err(|e| ConfigError::Setting {
            setting: "SEAT_AUDIT__OIDC__ISSUER_URL",
            problem: format!("{issuer_url:?} is not a URL: {e}"),
        })?;
        for (setting, url) in [
            ("SEAT_AUDIT__OIDC__ISSUER_URL", Some(&issuer)),
            ("SEAT_AUDIT__OIDC__REDIRECT_URL", redirect_url.as_ref()),
        ] {
            let Some(url) = url else { continue };
            if !matches!(url.scheme(), "http" | "https") {
                return Err(ConfigError::Setting {
                    setting,
                    problem: format!("must be an http or https URL, not {url}"),
                });
            }
        }
        if self.roles_claim.trim().is_empty() {
            return Err(ConfigError::Setting {
                setting: "SEAT_AUDIT__OIDC__ROLES_CLAIM",
                problem: "must name a claim, such as groups".into(),
            });
        }
        let provider_name = self
            .provider_name
            .clone()
            .filter(|name| !name.trim().is_empty())
            .unwrap_or_else(|| "single sign-on".into());
        Ok(Some(Oidc {
            issuer_url,
            client_id,
            client_secret,
            redirect_url,
            roles_claim: self.roles_claim.trim().to_owned(),
            role_map: self.role_map.clone(),
            provider_name,
        }))
    }
}

/// `{public URL}/auth/oidc/callback`, whether or not the public URL ends with a slash.
pub fn callback_under(public_url: &Url) -> Url {
    let mut url = public_url.clone();
    let path = format!("{}{CALLBACK_PATH}", url.path().trim_end_matches('/'));
    url.set_path(&path);
    url.set_query(None);
    url
}

/// Claim values and the role each gives, in the order written.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RoleMap(pub Vec<(String, Role)>);

impl RoleMap {
    /// The role the claim's values give: when several are mapped, the first in
    /// admin, finance, manager, auditor order; `None` when none is.
    pub fn role_for<'a>(&self, values: impl IntoIterator<Item = &'a str>) -> Option<Role> {
        let values = values.into_iter().collect::<Vec<_>>();
        let mapped = self
            .0
            .iter()
            .filter(|(value, _)| values.contains(&value.as_str()))
            .map(|(_, role)| *role)
            .collect::<Vec<_>>();
        Role::ALL.into_iter().find(|role| mapped.contains(role))
    }

    /// `group=role` pairs separated by commas.
    fn parse(text: &str) -> Result<RoleMap, String> {
        text.split(',')
            .map(str::trim)
            .filter(|pair| !pair.is_empty())
            .map(|pair| {
                let (value, role) = pair
                    .rsplit_once('=')
                    .ok_or_else(|| format!("“{pair}” is not group=role"))?;
                Self::pair(value, role)
            })
            .collect::<Result<_, _>>()
            .map(RoleMap)
    }

    fn pair(value: &str, role: &str) -> Result<(String, Role), String> {
        let role = Role::parse(role).ok_or_else(|| {
            format!("“{role}” (for {value}) is not a role: admin, finance, manager or auditor")
        })?;
        if value.trim().is_empty() {
            return Err(format!("a group is empty before ={}", role.as_str()));
        }
        Ok((value.trim().to_owned(), role))
    }
}

impl<'de> Deserialize<'de> for RoleMap {
    /// A `group=role,…` string (the environment), or a table of group to role (TOML).
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;

        impl<'de> de::Visitor<'de> for Visitor {
            type Value = RoleMap;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("group=role pairs separated by commas, or a table of group = role")
            }

            fn visit_str<E: de::Error>(self, v: &str) -> Result<RoleMap, E> {
                RoleMap::parse(v).map_err(E::custom)
            }

            fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<RoleMap, A::Error> {
                let mut pairs = Vec::new();
                while let Some((value, role)) = map.next_entry::<String, String>()? {
                    pairs.push(RoleMap::pair(&value, &role).map_err(de::Error::custom)?);
                }
                Ok(RoleMap(pairs))
            }
        }

        deserializer.deserialize_any(Visitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_role_map_reads_group_role_pairs_and_the_strongest_mapped_role_wins() {
        let map =
            RoleMap::parse("seat-audit-admins=admin, finance=Finance,,auditors=auditor").unwrap();
        assert_eq!(map.role_for(["finance", "marketing"]), Some(Role::Finance));
        assert_eq!(
            map.role_for(["finance", "seat-audit-admins"]),
            Some(Role::Admin)
        );
        assert_eq!(map.role_for(["auditors"]), Some(Role::Auditor));
        assert_eq!(map.role_for(["marketing"]), None);
        assert_eq!(map.role_for([]), None);
    }

    #[test]
    fn a_role_map_with_an_unknown_role_or_no_equals_sign_says_which_pair() {
        let unknown = RoleMap::parse("admins=root").unwrap_err();
        assert!(
            unknown.contains("“root” (for admins) is not a role"),
            "{unknown}"
        );
        let bare = RoleMap::parse("admins").unwrap_err();
        assert!(bare.contains("“admins” is not group=role"), "{bare}");
    }
}
