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

const provider = new Provider(issuer, {
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
server.on("request", provider.callback());

for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => server.close(() => process.exit(0)));
}
console.log(issuer);
