// A real OpenID provider (the certified `oidc-provider` package) for the tests: it listens on
// 127.0.0.1, port 0, with one confidential test client, and prints its issuer URL on stdout once it
// answers. Sign-in uses the package's own development login form: any login is accepted as the
// account id and the password is ignored; consent is granted without asking (a first-party app).
//
//   node end2end/oidc/provider.mjs --client-id ID --client-secret SECRET [--users users.json] \
//     [--redirect-uri URL] [--post-logout-redirect-uri URL]
//
// The client is a "native" one, so its loopback redirect URIs match whatever the port (RFC 8252):
// the provider can start before the server it signs people in to knows its port 0 address.
//
// Users: `{"ana": {"email": "ana@example.com", "groups": ["seat-audit-admins"]}, …}`. The file is
// read afresh on every token, so a test can change someone's groups between two sign-ins. Without
// a file, the users below.
//
// Test switches, on the same address (for the integration tests' error cases; the provider itself
// stays the package, unchanged):
//   POST /test/switches {"clock_offset": s, "bad_signature": true, "code_ttl": s}: ID tokens signed
//     as if this provider's clock were `s` seconds off, or signed with a key that is not in its JWKS
//     (same `kid`), and authorization codes living `s` seconds (default 60). Absent fields reset.
//   {"tamper_state": true} also changes the `state` in the provider's redirects back to the client,
//     as an attacker replaying someone else's callback would (the end-to-end test's tampered state).
//   POST /test/rotate: a new signing key, first in the JWKS (the old one stays, as providers do).
//   GET /test/requests: {"discovery": n, "jwks": n}, how often each document was fetched.
import { generateKeyPairSync, sign } from "node:crypto";
import { createServer } from "node:http";
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";

import Provider, { interactionPolicy } from "oidc-provider";

const { values: args } = parseArgs({
  options: {
    "client-id": { type: "string" },
    "client-secret": { type: "string" },
    "redirect-uri": {
      type: "string",
      multiple: true,
      default: ["http://127.0.0.1/auth/oidc/callback"],
    },
    "post-logout-redirect-uri": {
      type: "string",
      multiple: true,
      default: ["http://127.0.0.1/login?signed_out=1"],
    },
    users: { type: "string" },
  },
});
for (const required of ["client-id", "client-secret"]) {
  if (!args[required]) {
    console.error(`--${required} is required`);
    process.exit(2);
  }
}

const DEFAULT_USERS = {
  "it-admin": { email: "oidc-admin@example.com", groups: ["seat-audit-admins"] },
  finance: { email: "oidc-finance@example.com", groups: ["finance"] },
  outsider: { email: "oidc-outsider@example.com", groups: ["marketing"] },
};

function users() {
  return args.users ? JSON.parse(readFileSync(args.users, "utf8")) : DEFAULT_USERS;
}

// A native client is always asked for consent by default; this first-party test client is not.
const policy = interactionPolicy.base();
policy.get("consent").checks.remove("native_client_prompt");

const server = createServer();
await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
const issuer = `http://127.0.0.1:${server.address().port}`;

let switches = {};
const requests = { discovery: 0, jwks: 0 };

function signingKey(kid) {
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  return { key: privateKey, jwk: { ...privateKey.export({ format: "jwk" }), kid, use: "sig", alg: "RS256" } };
}
// Signs `bad_signature` tokens: never published.
const stranger = signingKey("unpublished").key;
const keys = [signingKey("key-1")];

// A provider signing with `keys[0]`. The memory adapter's store is shared by every instance, so a
// rotation keeps sessions, codes and grants.
function newProvider() {
  const provider = new Provider(issuer, {
    jwks: { keys: keys.map((k) => k.jwk) },
    ttl: { AuthorizationCode: () => switches.code_ttl ?? 60 },
    clients: [
      {
        client_id: args["client-id"],
        client_secret: args["client-secret"],
        redirect_uris: args["redirect-uri"],
        post_logout_redirect_uris: args["post-logout-redirect-uri"],
        application_type: "native",
        grant_types: ["authorization_code"],
        response_types: ["code"],
      },
    ],
    // Scope claims in the ID token itself, as Okta and Entra ID put a groups claim there.
    conformIdTokenClaims: false,
    claims: {
      openid: ["sub"],
      email: ["email", "email_verified"],
      profile: ["name", "groups"],
    },
    pkce: { required: () => true },
    interactions: { policy },
    features: { devInteractions: { enabled: true }, rpInitiatedLogout: { enabled: true } },
    async findAccount(_ctx, id) {
      const user = users()[id];
      if (!user) return undefined;
      return {
        accountId: id,
        async claims() {
          const now = users()[id] ?? user;
          return {
            sub: id,
            email: now.email,
            email_verified: now.email_verified ?? true,
            name: id,
            groups: now.groups ?? [],
          };
        },
      };
    },
    // Consent is never asked: the grant covers whatever the client asked for.
    async loadExistingGrant(ctx) {
      const accountId = ctx.oidc.session.accountId;
      const clientId = ctx.oidc.client.clientId;
      const grant = new ctx.oidc.provider.Grant({ accountId, clientId });
      grant.addOIDCScope("openid email profile");
      grant.addOIDCClaims(["email", "email_verified", "name", "groups"]);
      await grant.save();
      return grant;
    },
  });
  // Errors the provider answers with a 500 go to stderr, for whoever reads the test's log.
  provider.on("server_error", (_ctx, error) => console.error("oidc-provider server_error:", error));
  const issue = provider.IdToken.prototype.issue;
  provider.IdToken.prototype.issue = async function (...args) {
    const realNow = Date.now;
    if (switches.clock_offset) Date.now = () => realNow() + switches.clock_offset * 1000;
    let token;
    try {
      token = await issue.apply(this, args);
    } finally {
      Date.now = realNow;
    }
    if (!switches.bad_signature) return token;
    const signed = token.split(".").slice(0, 2).join(".");
    return `${signed}.${sign("sha256", Buffer.from(signed), stranger).toString("base64url")}`;
  };
  return provider;
}

let provider = newProvider();
let callback = provider.callback();

async function body(req) {
  let text = "";
  for await (const chunk of req) text += chunk;
  return text ? JSON.parse(text) : {};
}

server.on("request", async (req, res) => {
  const path = req.url.split("?")[0];
  if (path === "/.well-known/openid-configuration") requests.discovery += 1;
  if (path === "/jwks") requests.jwks += 1;
  if (path === "/test/switches" && req.method === "POST") {
    switches = await body(req);
    res.end("{}");
  } else if (path === "/test/rotate" && req.method === "POST") {
    keys.unshift(signingKey(`key-${keys.length + 1}`));
    provider = newProvider();
    callback = provider.callback();
    res.end("{}");
  } else if (path === "/test/requests") {
    res.setHeader("content-type", "application/json");
    res.end(JSON.stringify(requests));
  } else {
    if (switches.tamper_state) tamperState(res);
    callback(req, res);
  }
});

/** Rewrites the `state` of a redirect back to the client's callback that `res` is about to send. */
function tamperState(res) {
  const setHeader = res.setHeader.bind(res);
  res.setHeader = (name, value) => {
    if (String(name).toLowerCase() === "location" && typeof value === "string" && value.includes("/auth/oidc/callback")) {
      const url = new URL(value);
      if (url.searchParams.has("state")) {
        url.searchParams.set("state", `${url.searchParams.get("state")}-tampered`);
        value = url.toString();
      }
    }
    return setHeader(name, value);
  };
}

for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => server.close(() => process.exit(0)));
}
console.log(issuer);
