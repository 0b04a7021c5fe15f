//! The OpenID Connect protocol, through the `openidconnect` crate: discovery, the authorization
//! code flow with PKCE, `state` and `nonce`, the ID token's signature and claims, and the
//! RP-initiated logout URL.

use std::{
    sync::{Arc, Mutex},
    time::{Duration, Instant},
};

use chrono::{TimeDelta, Utc};
use openidconnect::{
    core::{
        CoreAuthDisplay, CoreAuthPrompt, CoreErrorResponseType, CoreGenderClaim, CoreIdToken,
        CoreJsonWebKey, CoreJweContentEncryptionAlgorithm, CoreJwsSigningAlgorithm,
        CoreResponseType, CoreRevocableToken, CoreRevocationErrorResponse,
        CoreTokenIntrospectionResponse, CoreTokenType,
    },
    AdditionalClaims, AuthenticationFlow, AuthorizationCode, ClaimsVerificationError, Client,
    ClientId, ClientSecret, CsrfToken, EmptyExtraTokenFields, EndpointMaybeSet, EndpointNotSet,
    EndpointSet, IdTokenFields, IssuerUrl, LogoutRequest, Nonce, PkceCodeChallenge,
    PkceCodeVerifier, PostLogoutRedirectUrl, ProviderMetadataWithLogout, RedirectUrl, Scope,
    SignatureVerificationError, StandardErrorResponse, StandardTokenResponse,
};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use url::Url;

use crate::config::Oidc;

/// How far the identity provider's clock may be from ours (issue #15: beyond a minute is refused).
pub const CLOCK_SKEW: TimeDelta = TimeDelta::seconds(60);

/// How long the provider's discovery document and keys are reused before they are read again
/// (docs/product.md "Who sees what"); a token signed with a key not among them reads them at once.
pub const DISCOVERY_TTL: Duration = Duration::from_secs(10 * 60);

/// The ID token's claims beyond the standard ones: the roles claim is read from here by name.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct OtherClaims(Map<String, Value>);

impl AdditionalClaims for OtherClaims {}

type Fields = IdTokenFields<
    OtherClaims,
    EmptyExtraTokenFields,
    CoreGenderClaim,
    CoreJweContentEncryptionAlgorithm,
    CoreJwsSigningAlgorithm,
>;
type Tokens = StandardTokenResponse<Fields, CoreTokenType>;
type OidcClient = Client<
    OtherClaims,
    CoreAuthDisplay,
    CoreGenderClaim,
    CoreJweContentEncryptionAlgorithm,
    CoreJsonWebKey,
    CoreAuthPrompt,
    StandardErrorResponse<CoreErrorResponseType>,
    Tokens,
    CoreTokenIntrospectionResponse,
    CoreRevocableToken,
    CoreRevocationErrorResponse,
    EndpointSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointMaybeSet,
    EndpointMaybeSet,
>;

/// Why a sign-in through the identity provider did not end with an identity. Each is shown to the
/// person as a sentence; the detail goes to the log and the audit log.
#[derive(Debug, thiserror::Error)]
pub enum OidcError {
    #[error("the identity provider could not be reached or described itself wrongly: {0}")]
    Discovery(String),
    #[error("the authorization code was refused (expired, used or not ours): {0}")]
    Exchange(String),
    #[error("the ID token did not pass its checks: {0}")]
    IdToken(String),
    #[error("the ID token carries no email address")]
    NoEmail,
    #[error("the identity provider says the email address {0} is not verified")]
    UnverifiedEmail(String),
}

/// What the browser carries between leaving for the identity provider and coming back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pending {
    pub state: String,
    pub nonce: String,
    pub verifier: String,
    /// Where to go afterwards (checked again when used).
    pub next: String,
}

/// Who the identity provider says signed in.
#[derive(Debug, Clone)]
pub struct Identity {
    pub email: String,
    /// The roles claim's values (a single string counts as one value).
    pub groups: Vec<String>,
    /// The ID token as received, kept for the logout at the identity provider.
    pub id_token: String,
}

/// The configured identity provider. Its discovery document and keys are kept for
/// [`DISCOVERY_TTL`], and read again when an ID token names a key they lack, so a key rotation
/// there needs nothing here.
#[derive(Debug, Clone)]
pub struct Provider {
    pub settings: Oidc,
    redirect_url: Url,
    http: reqwest::Client,
    discovered: Arc<Mutex<Option<Discovered>>>,
}

/// The provider's metadata (its JWKS included) and when it was read.
#[derive(Debug)]
struct Discovered {
    at: Instant,
    metadata: ProviderMetadataWithLogout,
}

impl Provider {
    /// `redirect_url` is the configured one, or the one under the address the server listens on.
    pub fn new(settings: Oidc, redirect_url: Url) -> Result<Self, reqwest::Error> {
        let http = reqwest::Client::builder()
            // Following redirects would let the provider's answers point us anywhere (SSRF).
            .redirect(reqwest::redirect::Policy::none())
            .timeout(Duration::from_secs(10))
            .build()?;
        Ok(Provider {
            settings,
            redirect_url,
            http,
            discovered: Arc::default(),
        })
    }

    /// The client and metadata from what was read less than [`DISCOVERY_TTL`] ago, or read now
    /// (always, when `again`). A failed read is not kept: the next sign-in tries again.
    async fn discover(
        &self,
        again: bool,
    ) -> Result<(OidcClient, ProviderMetadataWithLogout), OidcError> {
        let kept = self
            .discovered
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .as_ref()
            .filter(|d| !again && d.at.elapsed() < DISCOVERY_TTL)
            .map(|d| d.metadata.clone());
        let metadata = match kept {
            Some(metadata) => metadata,
            None => {
                let issuer = IssuerUrl::new(self.settings.issuer_url.clone())
                    .map_err(|e| OidcError::Discovery(chain(&e)))?;
                let metadata = ProviderMetadataWithLogout::discover_async(issuer, &self.http)
                    .await
                    .map_err(|e| OidcError::Discovery(chain(&e)))?;
                *self.discovered.lock().unwrap_or_else(|e| e.into_inner()) = Some(Discovered {
                    at: Instant::now(),
                    metadata: metadata.clone(),
                });
                metadata
            }
        };
        let client = OidcClient::from_provider_metadata(
            metadata.clone(),
            ClientId::new(self.settings.client_id.clone()),
            Some(ClientSecret::new(
                self.settings.client_secret.expose().to_owned(),
            )),
        )
        .set_redirect_uri(RedirectUrl::from_url(self.redirect_url.clone()));
        Ok((client, metadata))
    }

    /// The address to send the browser to, and what it must bring back.
    pub async fn start(&self, next: String) -> Result<(Url, Pending), OidcError> {
        let (client, _) = self.discover(false).await?;
        let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
        let (url, state, nonce) = client
            .authorize_url(
                AuthenticationFlow::<CoreResponseType>::AuthorizationCode,
                CsrfToken::new_random,
                Nonce::new_random,
            )
            .add_scope(Scope::new("email".into()))
            .add_scope(Scope::new("profile".into()))
            .set_pkce_challenge(challenge)
            .url();
        let pending = Pending {
            state: state.secret().clone(),
            nonce: nonce.secret().clone(),
            verifier: verifier.secret().clone(),
            next,
        };
        Ok((url, pending))
    }

    /// Trades the code for tokens and checks the ID token: signature, `iss`, `aud`, `exp` and
    /// `iat` (a minute's skew either way), and `nonce`. The caller has checked `state`.
    pub async fn finish(&self, code: String, pending: &Pending) -> Result<Identity, OidcError> {
        let (client, _) = self.discover(false).await?;
        let tokens = client
            .exchange_code(AuthorizationCode::new(code))
            .map_err(|e| OidcError::Discovery(chain(&e)))?
            .set_pkce_verifier(PkceCodeVerifier::new(pending.verifier.clone()))
            .request_async(&self.http)
            .await
            .map_err(|e| OidcError::Exchange(chain(&e)))?;
        let id_token = tokens
            .extra_fields()
            .id_token()
            .ok_or_else(|| OidcError::IdToken("the token response has no ID token".into()))?;
        let nonce = Nonce::new(pending.nonce.clone());
        let claims = match id_token.claims(&verifier(&client), &nonce) {
            Err(ClaimsVerificationError::SignatureVerification(
                SignatureVerificationError::NoMatchingKey,
            )) => {
                // The provider rotated its keys since they were read: read them again, once.
                let (again, _) = self.discover(true).await?;
                let checked = id_token.claims(&verifier(&again), &nonce);
                checked
            }
            checked => checked,
        }
        .map_err(|e| OidcError::IdToken(chain(&e)))?;
        let email = claims
            .email()
            .map(|email| email.as_str().trim().to_owned())
            .filter(|email| !email.is_empty())
            .ok_or(OidcError::NoEmail)?;
        if claims.email_verified() == Some(false) {
            return Err(OidcError::UnverifiedEmail(email));
        }
        // `email` is a standard claim the crate reads itself: mapping it maps people one by one
        // (Google puts no groups in its ID tokens).
        let groups = if self.settings.roles_claim == "email" {
            vec![email.clone()]
        } else {
            claim_values(claims.additional_claims().0.get(&self.settings.roles_claim))
        };
        Ok(Identity {
            email,
            groups,
            id_token: id_token.to_string(),
        })
    }

    /// Where the identity provider sends people back.
    pub fn redirect_url(&self) -> &Url {
        &self.redirect_url
    }

    /// Where to send the browser to end the session at the identity provider too, when it
    /// advertises an `end_session_endpoint`; `None` otherwise (or when it cannot be reached).
    pub async fn logout_url(&self, id_token: &str, after: Url) -> Option<Url> {
        let (_, metadata) = self
            .discover(false)
            .await
            .inspect_err(|error| tracing::warn!(%error, "no logout at the identity provider"))
            .ok()?;
        let endpoint = metadata
            .additional_metadata()
            .end_session_endpoint
            .clone()?;
        let mut request = LogoutRequest::from(endpoint)
            .set_client_id(ClientId::new(self.settings.client_id.clone()))
            .set_post_logout_redirect_uri(PostLogoutRedirectUrl::from_url(after));
        if let Ok(token) = id_token.parse::<CoreIdToken>() {
            request = request.set_id_token_hint(&token);
        }
        Some(request.http_get_url())
    }
}

/// Checks the ID token's signature with `client`'s keys, and its `iss`, `aud`, `exp` and `iat`.
fn verifier(client: &OidcClient) -> openidconnect::IdTokenVerifier<'_, CoreJsonWebKey> {
    client
        .id_token_verifier()
        // `exp` is compared with a clock a minute behind, so a token up to a minute past it passes.
        .set_time_fn(|| Utc::now() - CLOCK_SKEW)
        .set_issue_time_verifier_fn(|issued| {
            if issued > Utc::now() + CLOCK_SKEW {
                Err(format!(
                    "issued at {issued}, more than a minute ahead of this server's clock"
                ))
            } else {
                Ok(())
            }
        })
}

/// A claim's values: an array of strings, or one string.
fn claim_values(claim: Option<&Value>) -> Vec<String> {
    match claim {
        Some(Value::String(one)) => vec![one.clone()],
        Some(Value::Array(many)) => many
            .iter()
            .filter_map(|v| v.as_str().map(str::to_owned))
            .collect(),
        _ => Vec::new(),
    }
}

/// An error and its causes on one line, for the log.
fn chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{OidcSettings, Secret};

    #[tokio::test]
    async fn discovery_is_kept_ten_minutes_and_read_again_after_or_when_asked() {
        // Nothing listens there: every read fails, so a success is the kept copy.
        let settings = OidcSettings {
            issuer_url: Some("http://127.0.0.1:1".into()),
            client_id: Some("seat-audit".into()),
            client_secret: Some(Secret::new("secret")),
            role_map: serde_json::from_value(serde_json::json!("admins=admin")).unwrap(),
            ..OidcSettings::default()
        }
        .resolve(None)
        .unwrap()
        .unwrap();
        let redirect = "http://127.0.0.1:3000/auth/oidc/callback".parse().unwrap();
        let provider = Provider::new(settings, redirect).unwrap();
        let metadata: ProviderMetadataWithLogout = serde_json::from_value(serde_json::json!({
            "issuer": "http://127.0.0.1:1",
            "authorization_endpoint": "http://127.0.0.1:1/auth",
            "token_endpoint": "http://127.0.0.1:1/token",
            "jwks_uri": "http://127.0.0.1:1/jwks",
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
        }))
        .unwrap();
        let read_ago = |age: Duration| {
            *provider.discovered.lock().unwrap() = Some(Discovered {
                at: Instant::now().checked_sub(age).unwrap(),
                metadata: metadata.clone(),
            });
        };

        read_ago(DISCOVERY_TTL - Duration::from_secs(60));
        assert!(provider.discover(false).await.is_ok(), "kept");
        let again = provider.discover(true).await;
        assert!(matches!(again, Err(OidcError::Discovery(_))), "read again");
        assert!(
            provider.discover(false).await.is_ok(),
            "a failed read keeps the copy"
        );

        read_ago(DISCOVERY_TTL + Duration::from_secs(1));
        let stale = provider.discover(false).await;
        assert!(matches!(stale, Err(OidcError::Discovery(_))), "read again");
    }

    #[test]
    fn a_roles_claim_is_read_as_a_list_or_a_single_string() {
        let list = serde_json::json!(["seat-audit-admins", 7, "finance"]);
        assert_eq!(claim_values(Some(&list)), ["seat-audit-admins", "finance"]);
        let one = serde_json::json!("finance");
        assert_eq!(claim_values(Some(&one)), ["finance"]);
        assert!(claim_values(None).is_empty());
    }
}
