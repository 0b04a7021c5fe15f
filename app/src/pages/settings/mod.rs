//! The Settings page: what an admin edits (thresholds, seats and prices, the contract, each user's
//! seats and the seat CSV, protected users), stored in the database, and the connection fixed at
//! start-up, read-only. Every form is a plain post, so the page works without JavaScript.

mod accounts;
mod check;
mod connection;
mod contract;
mod notify;
mod policy;
mod protected;
mod seats;
mod workflow;

use leptos::prelude::*;

use crate::{
    api::{
        list_accounts, load_connection_info, load_settings, AddAccount, ImportSeats, ProtectUser,
        SaveContract, SavePolicy, SaveSeatTypes, SetSsoOnly, SetUserSeats, UnprotectUser,
        UpdateAccount,
    },
    components::{error_view::ErrorPanel, page::PageHeader},
    error::AppError,
};

/// Every form of the page; the stored settings are read again after any of them answers.
#[derive(Clone, Copy)]
struct Actions {
    policy: ServerAction<SavePolicy>,
    seat_types: ServerAction<SaveSeatTypes>,
    contract: ServerAction<SaveContract>,
    user_seats: ServerAction<SetUserSeats>,
    import: ServerAction<ImportSeats>,
    protect: ServerAction<ProtectUser>,
    unprotect: ServerAction<UnprotectUser>,
    add_account: ServerAction<AddAccount>,
    update_account: ServerAction<UpdateAccount>,
    sso_only: ServerAction<SetSsoOnly>,
}

impl Actions {
    fn new() -> Self {
        Actions {
            policy: ServerAction::new(),
            seat_types: ServerAction::new(),
            contract: ServerAction::new(),
            user_seats: ServerAction::new(),
            import: ServerAction::new(),
            protect: ServerAction::new(),
            unprotect: ServerAction::new(),
            add_account: ServerAction::new(),
            update_account: ServerAction::new(),
            sso_only: ServerAction::new(),
        }
    }

    fn versions(&self) -> [usize; 7] {
        [
            self.policy.version().get(),
            self.seat_types.version().get(),
            self.contract.version().get(),
            self.user_seats.version().get(),
            self.import.version().get(),
            self.protect.version().get(),
            self.unprotect.version().get(),
        ]
    }
}

#[component]
pub fn SettingsPage() -> impl IntoView {
    let actions = Actions::new();
    let data = Resource::new(move || actions.versions(), |_| load_settings());
    let info = OnceResource::new(load_connection_info());
    let accounts = Resource::new(
        move || {
            (
                actions.add_account.version().get(),
                actions.update_account.version().get(),
                actions.sso_only.version().get(),
            )
        },
        |_| list_accounts(),
    );
    view! {
        <PageHeader
            title="Settings"
            lead="Thresholds, seats and prices, the contract and protected users, stored in the database; and how this installation reaches Gong."
        />
        <crate::pages::approvals::StepOutcome/>
        <ErrorPanel>
            <Suspense fallback=|| view! { <p>"Loading settings…"</p> }>
                {move || Suspend::new(async move {
                    data.await.map(|data| view! {
                        <policy::PolicySection policy=data.policy zone=data.time_zone_in_force
                            action=actions.policy/>
                        <seats::SeatTypesSection
                            seat_types=data.seat_types
                            currency=data.contract.currency.clone()
                            action=actions.seat_types
                        />
                        <contract::ContractSection contract=data.contract action=actions.contract/>
                        <seats::UserSeatsSection
                            technical_admins=data.technical_admins
                            assignments=data.assignments
                            action=actions.user_seats
                        />
                        <seats::ImportSection action=actions.import/>
                        <protected::ProtectedSection
                            protected=data.protected
                            protect=actions.protect
                            unprotect=actions.unprotect
                        />
                        <workflow::WorkflowSection settings=data.workflow/>
                        <notify::NotifySection data=data.notify/>
                    })
                })}
            </Suspense>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    accounts.await.map(|accounts| view! {
                        <accounts::AccountsSection
                            accounts
                            add=actions.add_account
                            update=actions.update_account
                            sso_only=actions.sso_only
                        />
                    })
                })}
            </Suspense>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    info.await.map(|info| view! { <connection::Connection info/> })
                })}
            </Suspense>
            <check::CheckSection/>
        </ErrorPanel>
    }
}

/// What a save answered: "saved" for a moment's reassurance, or the field to correct.
#[component]
fn SaveOutcome(
    #[prop(into)] value: Signal<Option<Result<(), AppError>>>,
    saved: &'static str,
) -> impl IntoView {
    move || {
        value.get().map(|answer| match answer {
            Ok(()) => view! { <p class="outcome ok" role="status">{saved}</p> }.into_any(),
            Err(error) => view! {
                <p class="outcome bad" role="alert">{format!("Not saved. {error}")}</p>
            }
            .into_any(),
        })
    }
}
