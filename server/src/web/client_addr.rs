//! The client's address: the connection's peer, or, when the peer is a trusted reverse proxy
//! (`http.trusted_proxies`), the rightmost address in `X-Forwarded-For` that is not a trusted proxy.
//! The sign-in limiter and `/metrics`' loopback rule both use it.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};

use axum::http::HeaderMap;

use crate::config::TrustedProxies;

/// An address that matches nothing real (not loopback): the client when a trusted proxy forwarded
/// something that is not an address.
const UNKNOWN: IpAddr = IpAddr::V4(Ipv4Addr::UNSPECIFIED);

pub fn client_ip(peer: SocketAddr, headers: &HeaderMap, trusted: &TrustedProxies) -> IpAddr {
    let mut client = peer.ip();
    if !trusted.contains(client) {
        return client;
    }
    // Each proxy appends the address it received the request from: read from the right, and stop
    // at the first hop no trusted proxy vouches for.
    let hops = headers
        .get_all("x-forwarded-for")
        .iter()
        .flat_map(|value| value.to_str().map_or(vec![""], |v| v.split(',').collect()))
        .map(str::trim)
        .collect::<Vec<_>>();
    for hop in hops.into_iter().rev() {
        let Ok(address) = hop.parse::<IpAddr>() else {
            return UNKNOWN;
        };
        client = address;
        if !trusted.contains(client) {
            break;
        }
    }
    client
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(forwarded: &[&str]) -> HeaderMap {
        let mut headers = HeaderMap::new();
        for value in forwarded {
            headers.append("x-forwarded-for", value.parse().unwrap());
        }
        headers
    }

    fn trusted(text: &str) -> TrustedProxies {
        serde_json::from_value(serde_json::json!(text)).unwrap()
    }

    #[test]
    fn without_trusted_proxies_the_peer_is_the_client_whatever_it_forwards() {
        let peer: SocketAddr = "127.0.0.1:5000".parse().unwrap();
        let ip = client_ip(peer, &headers(&["203.0.113.9"]), &TrustedProxies::default());
        assert_eq!(ip, peer.ip());
    }

    #[test]
    fn behind_a_trusted_proxy_the_rightmost_untrusted_hop_is_the_client() {
        let peer: SocketAddr = "127.0.0.1:5000".parse().unwrap();
        let proxies = trusted("127.0.0.1, 10.0.0.0/8");
        let spoofed = headers(&["198.51.100.1, 203.0.113.9", "10.0.0.5"]);
        assert_eq!(
            client_ip(peer, &spoofed, &proxies),
            "203.0.113.9".parse::<IpAddr>().unwrap()
        );
        assert_eq!(client_ip(peer, &headers(&[]), &proxies), peer.ip());
        assert_eq!(
            client_ip(peer, &headers(&["not an address"]), &proxies),
            UNKNOWN
        );
        let untrusted_peer: SocketAddr = "203.0.113.7:5000".parse().unwrap();
        assert_eq!(
            client_ip(untrusted_peer, &spoofed, &proxies),
            untrusted_peer.ip()
        );
    }
}
