//! Accounts and roles: who may sign in, and what each role may see and do (docs/product.md "Who sees
//! what"). A manager account's email is the Gong user whose subtree it sees.

use leptos::prelude::*;

use super::SaveOutcome;
use crate::{
    api::{AddAccount, ResetPassword, SetSsoOnly, UpdateAccount},
    types::{AccountInfo, Role},
};

#[component]
pub fn AccountsSection(
    accounts: Vec<AccountInfo>,
    add: ServerAction<AddAccount>,
    update: ServerAction<UpdateAccount>,
    sso_only: ServerAction<SetSsoOnly>,
) -> impl IntoView {
    let reset = ServerAction::<ResetPassword>::new();
    let reset_options = accounts
        .iter()
        .map(|account| view! { <option value=account.id>{account.email.clone()}</option> })
        .collect_view();
    let rows = accounts
        .into_iter()
        .map(|account| {
            let role_id = format!("role-{}", account.id);
            let disabled_id = format!("disabled-{}", account.id);
            let (role_for, disabled_for) = (role_id.clone(), disabled_id.clone());
            let role_label = format!("Role of {}", account.email);
            let label = format!("Save {}", account.email);
            // One button that flips the account to the other way of signing in.
            let (sign_in, flip, flip_label) = if account.sso_only {
                ("SSO only", "Allow a password", format!("Allow {} a password", account.email))
            } else {
                ("Password allowed", "Make SSO only", format!("Make {} SSO only", account.email))
            };
            let last = account
                .last_sign_in
                .clone()
                .map(|t| t.chars().take(16).collect::<String>().replace('T', " "))
                .unwrap_or_else(|| "never".into());
            view! {
                <tr>
                    <td>{account.email.clone()}</td>
                    <td>{last}</td>
                    <td colspan="3">
                        <ActionForm action=update attr:class="inline-form">
                            <crate::csrf::CsrfField/>
                            <input type="hidden" name="id" value=account.id/>
                            <label class="visually-hidden" for=role_for>{role_label}</label>
                            <select id=role_id name="role">
                                {Role::ALL
                                    .into_iter()
                                    .map(|role| view! {
                                        <option value=role.as_str() selected=role == account.role>{role.label()}</option>
                                    })
                                    .collect_view()}
                            </select>
                            <label for=disabled_for>
                                <input id=disabled_id type="checkbox" name="disabled" value="on" checked=account.disabled/>
                                " Disabled"
                            </label>
                            <button type="submit" aria-label=label>"Save"</button>
                        </ActionForm>
                    </td>
                    <td>
                        <ActionForm action=sso_only attr:class="inline-form">
                            <crate::csrf::CsrfField/>
                            <input type="hidden" name="id" value=account.id/>
                            {(!account.sso_only).then(|| view! { <input type="hidden" name="sso_only" value="on"/> })}
                            <span>{sign_in}" "</span>
                            <button type="submit" aria-label=flip_label>{flip}</button>
                        </ActionForm>
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="card settings-section" aria-labelledby="accounts-heading">
            <h2 id="accounts-heading">"Accounts and roles"</h2>
            <p class="hint">
                "Admin: everything. Finance: Overview, Finance, Users and exports, read only, and the Sync page. "
                "Manager: the Gong users below them (their account's email is their Gong email), and their approvals. "
                "Auditor: the audit log and its export. A disabled account cannot sign in; there is always one admin who can. "
                "An SSO-only account signs in through single sign-on only: no password is accepted for it. "
                "Without single sign-on, the last admin with a password keeps it."
            </p>
            <div class="table-scroll">
                <table class="data-table" data-testid="accounts">
                    <caption>"Accounts"</caption>
                    <thead>
                        <tr>
                            <th scope="col">"Email"</th>
                            <th scope="col">"Last sign-in (UTC)"</th>
                            <th scope="col" colspan="3">"Role and access"</th>
                            <th scope="col">"Sign-in"</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
            <SaveOutcome value=update.value() saved="Account saved; it applies from the account's next request."/>
            <SaveOutcome value=sso_only.value() saved="Saved; it applies from the account's next sign-in. To give an account a password, reset it below."/>
            <h3>"Add an account"</h3>
            <ActionForm action=add attr:class="settings-form">
                <crate::csrf::CsrfField/>
                <label for="account_email">"Email"</label>
                <input id="account_email" name="email" type="email" required autocomplete="off"/>
                <label for="account_role">"Role"</label>
                <select id="account_role" name="role">
                    {Role::ALL
                        .into_iter()
                        .map(|role| view! { <option value=role.as_str()>{role.label()}</option> })
                        .collect_view()}
                </select>
                <label for="account_password">"First password"</label>
                <input id="account_password" name="password" type="password" required minlength="12" autocomplete="new-password"/>
                <span class="hint">"At least 12 characters; give it to the person by a channel you trust."</span>
                <div class="form-actions">
                    <button type="submit">"Add account"</button>
                </div>
            </ActionForm>
            <SaveOutcome value=add.value() saved="Account added."/>
            <h3>"Reset a password"</h3>
            <p class="hint">
                "For someone who has lost theirs: they sign in with this password and must then choose their own. "
                "To change your own password, use "<a href="/account/password" rel="external">"Change password"</a>"."
            </p>
            <ActionForm action=reset attr:class="settings-form">
                <crate::csrf::CsrfField/>
                <label for="reset_account">"Account"</label>
                <select id="reset_account" name="id">{reset_options}</select>
                <label for="reset_password">"Temporary password"</label>
                <input id="reset_password" name="password" type="password" required minlength="12" autocomplete="new-password"/>
                <span class="hint">"At least 12 characters; give it to the person by a channel you trust."</span>
                <div class="form-actions">
                    <button type="submit">"Reset password"</button>
                </div>
            </ActionForm>
            <SaveOutcome value=reset.value() saved="Password reset; the person must change it when they next sign in."/>
        </section>
    }
}
