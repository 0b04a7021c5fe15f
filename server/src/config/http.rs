//! `[http]`: which reverse proxies are believed about the client's address.

use std::net::IpAddr;

use serde::Deserialize;

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct HttpSettings {
    /// Proxies (addresses or CIDR ranges) whose `X-Forwarded-For` is believed; empty (the
    /// default) believes nobody's, and the client is the connection's peer.
    pub trusted_proxies: TrustedProxies,
}

/// A list of addresses and ranges, from TOML as a list of strings or from the environment as one
/// comma-separated string (`SEAT_AUDIT__HTTP__TRUSTED_PROXIES="127.0.0.1, 10.0.0.0/8"`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(try_from = "OneOrMany")]
pub struct TrustedProxies(Vec<Network>);

#[derive(Deserialize)]
#[serde(untagged)]
enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

impl TryFrom<OneOrMany> for TrustedProxies {
    type Error = String;

    fn try_from(value: OneOrMany) -> Result<Self, Self::Error> {
        let items = match value {
            OneOrMany::One(text) => text
                .split([',', ' '])
                .filter(|s| !s.trim().is_empty())
                .map(|s| s.trim().to_owned())
                .collect(),
            OneOrMany::Many(items) => items,
        };
        items
            .iter()
            .map(|item| Network::parse(item))
            .collect::<Result<_, _>>()
            .map(TrustedProxies)
    }
}

impl TrustedProxies {
    pub fn contains(&self, address: IpAddr) -> bool {
        self.0.iter().any(|net| net.contains(address))
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// An address with a prefix length (a bare address is a /32 or /128).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Network {
    address: IpAddr,
    prefix: u8,
}

impl Network {
    fn parse(text: &str) -> Result<Network, String> {
        let refused =
            || format!("“{text}” is not an IP address or a CIDR range such as 10.0.0.0/8");
        let (address, prefix) = match text.split_once('/') {
            Some((address, prefix)) => (address, Some(prefix)),
            None => (text, None),
        };
        let address: IpAddr = address.trim().parse().map_err(|_| refused())?;
        let max = if address.is_ipv4() { 32 } else { 128 };
        let prefix = match prefix {
            Some(prefix) => prefix
                .trim()
                .parse::<u8>()
                .ok()
                .filter(|p| *p <= max)
                .ok_or_else(refused)?,
            None => max,
        };
        Ok(Network { address, prefix })
    }

    fn contains(&self, address: IpAddr) -> bool {
        let address = match address {
            IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(address, IpAddr::V4),
            v4 => v4,
        };
        match (self.address, address) {
            (IpAddr::V4(net), IpAddr::V4(ip)) => {
                let mask = u32::MAX
                    .checked_shl(32 - u32::from(self.prefix))
                    .unwrap_or(0);
                u32::from(net) & mask == u32::from(ip) & mask
            }
            (IpAddr::V6(net), IpAddr::V6(ip)) => {
                let mask = u128::MAX
                    .checked_shl(128 - u32::from(self.prefix))
                    .unwrap_or(0);
                u128::from(net) & mask == u128::from(ip) & mask
            }
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn proxies(text: &str) -> TrustedProxies {
        TrustedProxies::try_from(OneOrMany::One(text.into())).unwrap()
    }

    #[test]
    fn addresses_and_ranges_match_what_they_cover() {
        let trusted = proxies("127.0.0.1, 10.0.0.0/8 ::1");
        assert!(trusted.contains("127.0.0.1".parse().unwrap()));
        assert!(!trusted.contains("127.0.0.2".parse().unwrap()));
        assert!(trusted.contains("10.200.3.4".parse().unwrap()));
        assert!(!trusted.contains("11.0.0.1".parse().unwrap()));
        assert!(trusted.contains("::1".parse().unwrap()));
        assert!(trusted.contains("::ffff:10.1.1.1".parse().unwrap()));
        assert!(proxies("0.0.0.0/0").contains("203.0.113.9".parse().unwrap()));
        assert!(proxies("").is_empty());
    }

    #[test]
    fn a_bad_entry_is_refused_by_name() {
        let refused =
            TrustedProxies::try_from(OneOrMany::Many(vec!["10.0.0.0/33".into()])).unwrap_err();
        assert!(refused.contains("10.0.0.0/33"), "{refused}");
        assert!(TrustedProxies::try_from(OneOrMany::One("proxy.local".into())).is_err());
    }
}
