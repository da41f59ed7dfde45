//! Every rule of the flow, enforced by the API.

use serde_json::json;

use crate::client::{Client, FROZEN};

const PROD: &str = "sub-production";

fn recipients_of(status: &serde_json::Value) -> Vec<String> {
    status["recipients"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r.as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn personas_cover_every_role() {
    let client = Client::fresh();
    let body = client.get("/api/personas").await.ok();
    let roles: Vec<&str> = body["personas"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["role"].as_str().unwrap())
        .collect();
    for role in [
        "account_administrator",
        "co_administrator",
        "billing_reader",
    ] {
        assert!(roles.contains(&role), "{roles:?}");
    }
}

#[tokio::test]
async fn most_endpoints_need_a_signed_in_persona() {
    let client = Client::fresh();
    for path in [
        "/api/scopes".to_owned(),
        format!("/api/scopes/{PROD}/invoices"),
        format!("/api/scopes/{PROD}/email-invoice"),
        format!("/api/scopes/{PROD}/email-invoice/recipients"),
        "/api/profile".to_owned(),
    ] {
        client.get(&path).await.error(401, "not_signed_in");
    }
    client.opt_in(PROD).await.error(401, "not_signed_in");
    assert_eq!(
        client.get("/api/session").await.ok()["persona"],
        json!(null)
    );
}

#[tokio::test]
async fn sign_in_and_out() {
    let client = Client::fresh();
    client
        .post("/api/session", json!({ "persona_id": "nobody" }))
        .await
        .error(404, "not_found");
    let session = client.sign_in("co-admin").await;
    assert_eq!(session["persona"]["display_name"], "Sam Okafor");
    assert_eq!(
        client.get("/api/session").await.ok()["persona"]["id"],
        "co-admin"
    );
    assert_eq!(
        client.delete("/api/session").await.ok()["persona"],
        json!(null)
    );
    client.get("/api/scopes").await.error(401, "not_signed_in");
}

#[tokio::test]
async fn scopes_carry_role_and_eligibility_per_persona() {
    let client = Client::fresh();
    let reason = |body: &serde_json::Value, id: &str| {
        let scope = body["scopes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["scope"]["id"] == id)
            .unwrap_or_else(|| panic!("{id} listed"))
            .clone();
        scope["eligibility"]["reason"].as_str().map(str::to_owned)
    };

    client.sign_in("account-admin").await;
    let body = client.get("/api/scopes").await.ok();
    assert_eq!(body["scopes"].as_array().unwrap().len(), 5);
    assert_eq!(reason(&body, "sub-production"), None);
    assert_eq!(reason(&body, "sub-development"), None);
    assert_eq!(reason(&body, "support-standard"), None);
    assert_eq!(
        reason(&body, "reservation-vm").as_deref(),
        Some("reservation")
    );
    assert_eq!(
        reason(&body, "marketplace-backup").as_deref(),
        Some("marketplace_purchase")
    );

    client.sign_in("co-admin").await;
    let body = client.get("/api/scopes").await.ok();
    assert_eq!(
        reason(&body, PROD).as_deref(),
        Some("not_account_administrator")
    );

    client.sign_in("billing-reader").await;
    let body = client.get("/api/scopes").await.ok();
    assert_eq!(
        reason(&body, "support-standard").as_deref(),
        Some("not_account_administrator")
    );

    client.sign_in("government-admin").await;
    let body = client.get("/api/scopes").await.ok();
    assert_eq!(
        reason(&body, "sub-government").as_deref(),
        Some("government_cloud")
    );
}

#[tokio::test]
async fn invoices_are_listed_newest_first_and_only_for_visible_scopes() {
    let client = Client::fresh();
    client.sign_in("account-admin").await;
    let body = client
        .get(&format!("/api/scopes/{PROD}/invoices"))
        .await
        .ok();
    let invoices = body["invoices"].as_array().unwrap();
    assert_eq!(invoices.len(), 6);
    assert_eq!(invoices[0]["period_start"], "2026-10-01");
    assert_eq!(invoices[0]["invoice_date"], "2026-11-09");
    assert_eq!(invoices[0]["status"], "due");
    assert_eq!(invoices[5]["period_start"], "2026-05-01");
    // Reservations and Marketplace purchases are listed too.
    client.get("/api/scopes/reservation-vm/invoices").await.ok();

    client.sign_in("billing-reader").await;
    client
        .get("/api/scopes/sub-development/invoices")
        .await
        .error(404, "not_found");
    client
        .get("/api/scopes/sub-nope/invoices")
        .await
        .error(404, "not_found");
}

#[tokio::test]
async fn an_invoice_downloads_as_a_pdf_in_the_administrators_email_language() {
    let client = Client::fresh();
    let pdf_of = |scope: &str, id: &str| shared::api::paths::invoice_pdf(scope, id);
    client.sign_in("account-admin").await;
    let listed = client
        .get(&format!("/api/scopes/{PROD}/invoices"))
        .await
        .ok();
    let id = listed["invoices"][0]["id"].as_str().unwrap().to_owned();

    let reply = client.get(&pdf_of(PROD, &id)).await;
    assert_eq!(reply.status, 200);
    assert_eq!(reply.headers["content-type"], "application/pdf");
    assert_eq!(
        reply.headers["content-disposition"],
        format!("attachment; filename=\"{id}.pdf\"").as_str()
    );
    assert!(reply.body.starts_with(b"%PDF-"));
    let text = String::from_utf8_lossy(&reply.body).into_owned();
    assert!(text.contains(&id) && text.contains("(Invoice)"), "{text}");

    // In the Account Administrator's email language, whoever downloads it.
    client
        .set_profile("noor.jansen@tulipworks.example", "nl-NL")
        .await;
    client.sign_in("billing-reader").await;
    let dutch = client.get(&pdf_of(PROD, &id)).await;
    assert_eq!(dutch.status, 200);
    assert!(String::from_utf8_lossy(&dutch.body).contains("(Factuur)"));

    // Only invoices of a scope the persona can see, and only that scope's.
    client
        .get(&pdf_of("sub-development", &id))
        .await
        .error(404, "not_found");
    client.sign_in("account-admin").await;
    let other = client
        .get(&pdf_of("sub-development", &id))
        .await
        .error(404, "not_found");
    assert_eq!(other["field"], "invoice_id");
    client
        .get(&pdf_of(PROD, "E000000000"))
        .await
        .error(404, "not_found");
    client.delete("/api/session").await.ok();
    client
        .get(&pdf_of(PROD, &id))
        .await
        .error(401, "not_signed_in");
}

#[tokio::test]
async fn the_account_administrator_opts_in_with_the_current_terms() {
    let client = Client::fresh();
    client.sign_in("account-admin").await;
    let before = client.status(PROD).await;
    assert_eq!(before["opted_in"], false);
    assert_eq!(before["accepted_terms"], json!(null));
    assert_eq!(before["max_recipients"], 20);

    client
        .post(
            &format!("/api/scopes/{PROD}/email-invoice/opt-in"),
            json!({ "terms_version": "2019-01" }),
        )
        .await
        .error(409, "stale_terms_version");
    assert_eq!(client.status(PROD).await["opted_in"], false);

    let after = client.opt_in(PROD).await.ok();
    assert_eq!(after["opted_in"], true);
    assert_eq!(
        after["accepted_terms"]["version"],
        mock_server::terms::CURRENT_VERSION
    );
    assert_eq!(after["accepted_terms"]["accepted_by"], "account-admin");
    assert_eq!(after["accepted_terms"]["accepted_by_name"], "Noor Jansen");
    assert_eq!(after["accepted_terms"]["accepted_at"], FROZEN);
    assert_eq!(client.status(PROD).await, after);
    client.opt_in(PROD).await.error(409, "already_opted_in");

    let scopes = client.get("/api/scopes").await.ok();
    let prod = scopes["scopes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["scope"]["id"] == PROD)
        .unwrap()
        .clone();
    assert_eq!(prod["opted_in"], true);
}

#[tokio::test]
async fn only_the_account_administrator_of_an_eligible_scope_may_opt_in() {
    let client = Client::fresh();
    client.sign_in("co-admin").await;
    client
        .opt_in(PROD)
        .await
        .error(403, "not_account_administrator");
    client.sign_in("billing-reader").await;
    client
        .opt_in("support-standard")
        .await
        .error(403, "not_account_administrator");
    client.sign_in("account-admin").await;
    client
        .opt_in("reservation-vm")
        .await
        .error(409, "ineligible_scope");
    client
        .opt_in("marketplace-backup")
        .await
        .error(409, "ineligible_scope");
    client.opt_in("support-standard").await.ok();
    client.sign_in("government-admin").await;
    let body = client
        .opt_in("sub-government")
        .await
        .error(409, "ineligible_scope");
    assert!(body["message"].as_str().unwrap().contains("Government"));
    // A scope the persona cannot see is not found.
    client.opt_in(PROD).await.error(404, "not_found");
}

#[tokio::test]
async fn recipients_need_an_opt_in() {
    let client = Client::fresh();
    client.sign_in("account-admin").await;
    client
        .add_recipient(PROD, "finance@tulipworks.example")
        .await
        .error(409, "not_opted_in");
    client
        .put(
            &format!("/api/scopes/{PROD}/email-invoice/recipients"),
            json!({ "recipients": ["finance@tulipworks.example"] }),
        )
        .await
        .error(409, "not_opted_in");
    let list = client
        .get(&format!("/api/scopes/{PROD}/email-invoice/recipients"))
        .await
        .ok();
    assert_eq!(list["recipients"], json!([]));
    // A scope that can never be opted in says why, not "opt in first".
    for scope in ["reservation-vm", "marketplace-backup"] {
        client
            .add_recipient(scope, "finance@tulipworks.example")
            .await
            .error(409, "ineligible_scope");
        client
            .post(
                &format!("/api/scopes/{scope}/email-invoice/opt-out"),
                json!({}),
            )
            .await
            .error(409, "ineligible_scope");
    }
    client.sign_in("government-admin").await;
    let body = client
        .add_recipient("sub-government", "finance@tulipworks.example")
        .await
        .error(409, "ineligible_scope");
    assert!(body["message"].as_str().unwrap().contains("Government"));
}

#[tokio::test]
async fn adding_recipients_validates_dedupes_and_limits() {
    let client = Client::fresh();
    client.sign_in("account-admin").await;
    client.opt_in(PROD).await.ok();

    let body = client
        .add_recipient(PROD, "Finance@TulipWorks.example")
        .await
        .ok();
    assert_eq!(body["recipients"], json!(["Finance@tulipworks.example"]));

    let error = client
        .add_recipient(PROD, "finance@tulipworks.EXAMPLE")
        .await
        .error(409, "duplicate_recipient");
    assert_eq!(error["field"], "email");
    let error = client
        .add_recipient(PROD, "not an address")
        .await
        .error(422, "invalid_email");
    assert_eq!(error["field"], "email");
    client
        .add_recipient(PROD, "x@tulipworks.example\r\nBcc: all@victim.example")
        .await
        .error(422, "invalid_email");

    for i in 1..20 {
        client
            .add_recipient(PROD, &format!("r{i}@tulipworks.example"))
            .await
            .ok();
    }
    let error = client
        .add_recipient(PROD, "one.too.many@tulipworks.example")
        .await
        .error(422, "too_many_recipients");
    assert!(error["message"].as_str().unwrap().contains("20"));
    assert_eq!(recipients_of(&client.status(PROD).await).len(), 20);
}

#[tokio::test]
async fn the_preferred_email_is_not_also_an_additional_recipient() {
    let client = Client::fresh();
    client.sign_in("account-admin").await;
    client.opt_in(PROD).await.ok();
    let preferred = client.status(PROD).await["preferred_email"]
        .as_str()
        .unwrap()
        .to_ascii_uppercase();

    let error = client
        .add_recipient(PROD, &preferred)
        .await
        .error(409, "duplicate_recipient");
    assert_eq!(error["field"], "email");
    assert!(
        error["message"].as_str().unwrap().contains("preferred"),
        "{error}"
    );
    let path = format!("/api/scopes/{PROD}/email-invoice/recipients");
    let error = client
        .put(
            &path,
            json!({ "recipients": ["finance@tulipworks.example", preferred] }),
        )
        .await
        .error(409, "duplicate_recipient");
    assert_eq!(error["field"], "recipients[1]");
    assert!(recipients_of(&client.status(PROD).await).is_empty());
}

/// Making an additional recipient the preferred email takes it off the
/// recipient lists of the administrator's scopes (it receives every invoice
/// anyway), so the remaining list can still be saved.
#[tokio::test]
async fn a_recipient_that_becomes_the_preferred_email_leaves_the_lists() {
    let client = Client::fresh();
    client.sign_in("account-admin").await;
    client.opt_in(PROD).await.ok();
    client.opt_in("sub-development").await.ok();
    for scope in [PROD, "sub-development"] {
        for email in ["finance@tulipworks.example", "ap@tulipworks.example"] {
            client.add_recipient(scope, email).await.ok();
        }
    }

    let updated = client
        .put(
            "/api/profile",
            json!({ "preferred_email": "AP@tulipworks.example" }),
        )
        .await
        .ok();
    assert_eq!(updated["preferred_email"], "AP@tulipworks.example");
    assert_eq!(
        updated["removed_from_recipients"],
        json!([PROD, "sub-development"]),
        "the answer names every list the address left"
    );
    // Saved again, it is on no list: nothing is said to have left one.
    let again = client
        .put(
            "/api/profile",
            json!({ "preferred_email": "AP@tulipworks.example" }),
        )
        .await
        .ok();
    assert_eq!(again["removed_from_recipients"], json!([]));
    for scope in [PROD, "sub-development"] {
        let status = client.status(scope).await;
        assert_eq!(status["preferred_email"], "AP@tulipworks.example");
        assert_eq!(
            recipients_of(&status),
            ["finance@tulipworks.example"],
            "{scope}"
        );
    }
    let path = format!("/api/scopes/{PROD}/email-invoice/recipients");
    let saved = client
        .put(
            &path,
            json!({ "recipients": ["finance@tulipworks.example"] }),
        )
        .await
        .ok();
    assert_eq!(saved["recipients"], json!(["finance@tulipworks.example"]));
}

/// Done in one tab after a change in another (or by a script): the save made
/// from the old list is refused, and the other change is kept.
#[tokio::test]
async fn a_list_saved_from_an_old_revision_is_refused() {
    let client = Client::fresh();
    client.sign_in("account-admin").await;
    client.opt_in(PROD).await.ok();
    let path = format!("/api/scopes/{PROD}/email-invoice/recipients");
    let opened = client.status(PROD).await["recipients_revision"]
        .as_str()
        .unwrap()
        .to_owned();
    let listed = client.get(&path).await.ok();
    assert_eq!(listed["revision"], opened.as_str());

    // Meanwhile, someone else adds a colleague.
    let added = client
        .add_recipient(PROD, "colleague@tulipworks.example")
        .await
        .ok();
    assert_ne!(added["revision"], opened.as_str());

    let error = client
        .put(
            &path,
            json!({ "recipients": ["mine@tulipworks.example"], "expected_revision": opened }),
        )
        .await
        .error(409, "recipients_changed");
    assert_eq!(error["field"], "expected_revision");
    assert_eq!(
        recipients_of(&client.status(PROD).await),
        ["colleague@tulipworks.example"]
    );

    // Made from the current list, it is saved; without a revision, the last write wins.
    let current = added["revision"].as_str().unwrap();
    let saved = client
        .put(
            &path,
            json!({ "recipients": ["colleague@tulipworks.example", "mine@tulipworks.example"], "expected_revision": current }),
        )
        .await
        .ok();
    assert_eq!(saved["recipients"].as_array().unwrap().len(), 2);
    client.put(&path, json!({ "recipients": [] })).await.ok();
    assert!(recipients_of(&client.status(PROD).await).is_empty());
}

#[tokio::test]
async fn done_replaces_the_whole_list_or_nothing() {
    let client = Client::fresh();
    client.sign_in("account-admin").await;
    client.opt_in(PROD).await.ok();
    let path = format!("/api/scopes/{PROD}/email-invoice/recipients");
    client
        .add_recipient(PROD, "keep@tulipworks.example")
        .await
        .ok();

    let error = client
        .put(
            &path,
            json!({ "recipients": ["a@tulipworks.example", "A@tulipworks.example"] }),
        )
        .await
        .error(409, "duplicate_recipient");
    assert_eq!(error["field"], "recipients[1]");
    let error = client
        .put(
            &path,
            json!({ "recipients": ["a@tulipworks.example", "b@", "c@tulipworks.example"] }),
        )
        .await
        .error(422, "invalid_email");
    assert_eq!(error["field"], "recipients[1]");
    let too_many: Vec<String> = (0..21)
        .map(|i| format!("r{i}@tulipworks.example"))
        .collect();
    let error = client
        .put(&path, json!({ "recipients": too_many }))
        .await
        .error(422, "too_many_recipients");
    assert_eq!(error["field"], "recipients[20]");
    // Nothing was lost by the refusals.
    assert_eq!(
        recipients_of(&client.status(PROD).await),
        ["keep@tulipworks.example"]
    );

    let body = client
        .put(
            &path,
            json!({ "recipients": [" b@tulipworks.example ", "a@bücher.example"] }),
        )
        .await
        .ok();
    assert_eq!(
        body["recipients"],
        json!(["b@tulipworks.example", "a@xn--bcher-kva.example"])
    );
    client.put(&path, json!({ "recipients": [] })).await.ok();
    assert!(recipients_of(&client.status(PROD).await).is_empty());
}

#[tokio::test]
async fn removing_one_recipient() {
    let client = Client::fresh();
    client.sign_in("account-admin").await;
    client.opt_in(PROD).await.ok();
    client
        .add_recipient(PROD, "a+invoices@tulipworks.example")
        .await
        .ok();
    client
        .add_recipient(PROD, "b@tulipworks.example")
        .await
        .ok();
    let path = shared::api::paths::recipient(PROD, "A+Invoices@TulipWorks.example");
    let body = client.delete(&path).await.ok();
    assert_eq!(body["recipients"], json!(["b@tulipworks.example"]));
    client.delete(&path).await.error(404, "not_found");
    // An international domain, named as typed or as stored.
    for named in ["c@bücher.example", "c@xn--bcher-kva.example"] {
        client.add_recipient(PROD, "c@bücher.example").await.ok();
        let body = client
            .delete(&shared::api::paths::recipient(PROD, named))
            .await
            .ok();
        assert_eq!(
            body["recipients"],
            json!(["b@tulipworks.example"]),
            "{named}"
        );
    }
}

#[tokio::test]
async fn only_the_account_administrator_changes_recipients() {
    let app = crate::client::server();
    let admin = Client::new(&app, "shared");
    admin.sign_in("account-admin").await;
    admin.opt_in(PROD).await.ok();
    admin.add_recipient(PROD, "a@tulipworks.example").await.ok();
    admin.sign_in("co-admin").await;
    // A co-administrator sees the state but cannot change it.
    assert_eq!(
        recipients_of(&admin.status(PROD).await),
        ["a@tulipworks.example"]
    );
    admin
        .add_recipient(PROD, "b@tulipworks.example")
        .await
        .error(403, "not_account_administrator");
    admin
        .delete(&shared::api::paths::recipient(PROD, "a@tulipworks.example"))
        .await
        .error(403, "not_account_administrator");
    admin
        .post(
            &format!("/api/scopes/{PROD}/email-invoice/opt-out"),
            json!({}),
        )
        .await
        .error(403, "not_account_administrator");
}

/// The refusal names what was refused: opting in, opting out, or changing
/// the recipients (add, remove, replace).
#[tokio::test]
async fn the_refusal_of_a_non_administrator_names_the_action() {
    let app = crate::client::server();
    let client = Client::new(&app, "refusals");
    client.sign_in("account-admin").await;
    client.opt_in(PROD).await.ok();
    client
        .add_recipient(PROD, "a@tulipworks.example")
        .await
        .ok();
    let only = "Only the Account Administrator of this scope can";
    for persona in ["co-admin", "billing-reader"] {
        client.sign_in(persona).await;
        let message = |body: serde_json::Value| body["message"].as_str().unwrap().to_owned();
        let recipients = format!("/api/scopes/{PROD}/email-invoice/recipients");
        let refusals = [
            (
                client
                    .post(
                        &format!("/api/scopes/{PROD}/email-invoice/opt-out"),
                        json!({}),
                    )
                    .await,
                "opt out of email invoices.",
            ),
            (
                client.add_recipient(PROD, "b@tulipworks.example").await,
                "change the recipients of email invoices.",
            ),
            (
                client.put(&recipients, json!({ "recipients": [] })).await,
                "change the recipients of email invoices.",
            ),
            (
                client
                    .delete(&shared::api::paths::recipient(PROD, "a@tulipworks.example"))
                    .await,
                "change the recipients of email invoices.",
            ),
        ];
        for (reply, action) in refusals {
            let body = reply.error(403, "not_account_administrator");
            assert_eq!(message(body), format!("{only} {action}"), "{persona}");
        }
    }
    // Opting in keeps its own sentence (the eligibility reason).
    client.sign_in("account-admin").await;
    client
        .post(
            &format!("/api/scopes/{PROD}/email-invoice/opt-out"),
            json!({}),
        )
        .await
        .ok();
    client.sign_in("co-admin").await;
    let body = client
        .opt_in(PROD)
        .await
        .error(403, "not_account_administrator");
    assert_eq!(body["message"], format!("{only} opt in to email invoices."));
}

#[tokio::test]
async fn opting_out_removes_recipients_and_opting_in_again_starts_empty() {
    let client = Client::fresh();
    client.sign_in("account-admin").await;
    let opt_out = format!("/api/scopes/{PROD}/email-invoice/opt-out");
    let body = client
        .post(&opt_out, json!({}))
        .await
        .error(409, "not_opted_in");
    assert!(
        body["message"]
            .as_str()
            .unwrap()
            .contains("nothing to opt out of"),
        "{body}"
    );
    client.opt_in(PROD).await.ok();
    client
        .add_recipient(PROD, "a@tulipworks.example")
        .await
        .ok();
    let body = client.post(&opt_out, json!({})).await.ok();
    assert_eq!(body["opted_in"], false);
    assert_eq!(body["recipients"], json!([]));
    assert_eq!(body["accepted_terms"], json!(null));
    let again = client.opt_in(PROD).await.ok();
    assert_eq!(again["recipients"], json!([]));
}

#[tokio::test]
async fn the_preferred_email_comes_from_the_administrators_profile() {
    let client = Client::fresh();
    client.sign_in("account-admin").await;
    let profile = client.get("/api/profile").await.ok();
    assert_eq!(profile["preferred_email"], "noor.jansen@tulipworks.example");
    assert_eq!(profile["locale"], "en-US");

    let error = client
        .put("/api/profile", json!({ "preferred_email": "noor@" }))
        .await
        .error(422, "invalid_email");
    assert_eq!(error["field"], "preferred_email");
    client
        .put(
            "/api/profile",
            json!({ "preferred_email": "noor@x.example\nBcc: y@z.example" }),
        )
        .await
        .error(422, "invalid_email");

    let profile = client
        .set_profile("billing@tulipworks.example", "nl-NL")
        .await;
    assert_eq!(profile["preferred_email"], "billing@tulipworks.example");
    assert_eq!(profile["locale"], "nl-NL");
    assert_eq!(
        client.status(PROD).await["preferred_email"],
        "billing@tulipworks.example"
    );

    // Others see the Account Administrator's preferred email, not their own.
    client.sign_in("co-admin").await;
    assert_eq!(
        client.status(PROD).await["preferred_email"],
        "billing@tulipworks.example"
    );
}

/// A profile save made from a profile that changed since (another tab) is
/// refused, and changes nothing; without a revision, the last write wins.
#[tokio::test]
async fn a_profile_save_from_a_changed_profile_is_refused() {
    let client = Client::fresh();
    client.sign_in("account-admin").await;
    let opened = client.get("/api/profile").await.ok();
    let revision = opened["revision"].as_str().unwrap().to_owned();
    // The same profile, said again: the same revision; the address in other
    // letters (another tab's change, shown as such) is another one.
    let same = client
        .set_profile("noor.jansen@TulipWorks.example", "en-US")
        .await;
    assert_eq!(same["revision"], revision.as_str());
    let recased = client
        .set_profile("Noor.Jansen@tulipworks.example", "en-US")
        .await;
    assert_ne!(recased["revision"], revision.as_str());
    let revision = recased["revision"].as_str().unwrap().to_owned();
    // Another tab changes it.
    let changed = client
        .set_profile("billing@tulipworks.example", "en-US")
        .await;
    assert_ne!(changed["revision"], revision.as_str());
    let refused = client
        .put(
            "/api/profile",
            json!({ "preferred_email": "mine@tulipworks.example", "expected_revision": revision }),
        )
        .await
        .error(409, "profile_changed");
    assert_eq!(refused["field"], "expected_revision");
    assert_eq!(
        client.get("/api/profile").await.ok()["preferred_email"],
        "billing@tulipworks.example"
    );
    // An empty revision is a mistake of the request, not a change elsewhere.
    let empty = client
        .put(
            "/api/profile",
            json!({ "preferred_email": "mine@tulipworks.example", "expected_revision": "" }),
        )
        .await
        .error(422, "invalid_body");
    assert_eq!(empty["field"], "expected_revision");
    // Made from the profile as it is now, it saves.
    let saved = client
        .put(
            "/api/profile",
            json!({ "preferred_email": "mine@tulipworks.example", "expected_revision": changed["revision"] }),
        )
        .await
        .ok();
    assert_eq!(saved["preferred_email"], "mine@tulipworks.example");
}

#[tokio::test]
async fn terms_in_both_languages_share_the_current_version() {
    let client = Client::fresh();
    let en = client.get("/api/terms/en-US").await.ok();
    let nl = client.get("/api/terms/nl-nl").await.ok();
    assert_eq!(en["version"], nl["version"]);
    assert_eq!(en["locale"], "en-US");
    assert_eq!(nl["locale"], "nl-NL");
    assert!(en["paragraphs"][0]
        .as_str()
        .unwrap()
        .contains("sample text"));
    assert!(nl["paragraphs"][0]
        .as_str()
        .unwrap()
        .contains("voorbeeldtekst"));
    let error = client.get("/api/terms/de-DE").await.error(404, "not_found");
    assert_eq!(error["field"], "locale");
}

#[tokio::test]
async fn reset_returns_a_sandbox_to_its_seed() {
    let client = Client::fresh();
    client.sign_in("account-admin").await;
    client.opt_in(PROD).await.ok();
    client
        .put(
            "/api/profile",
            json!({ "preferred_email": "changed@tulipworks.example" }),
        )
        .await
        .ok();
    let body = client.post("/api/admin/reset", json!({})).await.ok();
    assert_eq!(body["sandbox"], "tester");
    assert_eq!(
        client.get("/api/session").await.ok()["persona"],
        json!(null)
    );
    client.sign_in("account-admin").await;
    let status = client.status(PROD).await;
    assert_eq!(status["opted_in"], false);
    assert_eq!(status["preferred_email"], "noor.jansen@tulipworks.example");
}

// ---- the refusals of typed input, in the request's language ----

/// Each refusal the API gives for what a person typed, as `client` asks for
/// it: `(status, body)` of a duplicate, an invalid address, a full list (each
/// by POST and by PUT) and an invalid preferred email. Leaves the list as it was.
async fn typed_input_refusals(client: &Client) -> Vec<(u16, serde_json::Value)> {
    let path = format!("/api/scopes/{PROD}/email-invoice/recipients");
    let too_many: Vec<String> = (0..21)
        .map(|i| format!("r{i}@tulipworks.example"))
        .collect();
    let replies = [
        client
            .add_recipient(PROD, "FINANCE@tulipworks.example")
            .await,
        client
            .add_recipient(PROD, "finance.tulipworks.example")
            .await,
        client
            .add_recipient(PROD, "noor.jansen@tulipworks.example")
            .await,
        client
            .put(
                &path,
                json!({ "recipients": ["a@tulipworks.example", "A@tulipworks.example"] }),
            )
            .await,
        client
            .put(
                &path,
                json!({ "recipients": ["a@tulipworks.example", "b@"] }),
            )
            .await,
        client.put(&path, json!({ "recipients": too_many })).await,
        client
            .put("/api/profile", json!({ "preferred_email": "noor@" }))
            .await,
    ];
    replies
        .into_iter()
        .map(|reply| (reply.status.as_u16(), reply.json()))
        .collect()
}

/// A signed-in Account Administrator of PROD, opted in, with one recipient.
async fn with_one_recipient() -> Client {
    let client = Client::fresh();
    client.sign_in("account-admin").await;
    client.opt_in(PROD).await.ok();
    client
        .add_recipient(PROD, "finance@tulipworks.example")
        .await
        .ok();
    client
}

#[tokio::test]
async fn refusals_of_typed_input_speak_the_accept_language() {
    use axum::http::header::ACCEPT_LANGUAGE;
    use shared::i18n::{email_error, recipient_error};
    use shared::{EmailAddress, EmailError, Locale, RecipientError};

    let client = with_one_recipient().await;
    let english = typed_input_refusals(&client).await;
    let codes: Vec<_> = english
        .iter()
        .map(|(status, body)| (*status, body["code"].as_str().unwrap()))
        .collect();
    assert_eq!(
        codes,
        [
            (409, "duplicate_recipient"),
            (422, "invalid_email"),
            (409, "duplicate_recipient"),
            (409, "duplicate_recipient"),
            (422, "invalid_email"),
            (422, "too_many_recipients"),
            (422, "invalid_email"),
        ]
    );
    let finance = EmailAddress::parse("finance@tulipworks.example").unwrap();
    let duplicate = RecipientError::Duplicate(finance);
    // In the app's words, in English too (the API said the rules' shorter
    // sentences: "is already a recipient" where the page said "is already
    // in the list").
    let preferred = EmailAddress::parse("noor.jansen@tulipworks.example").unwrap();
    let a = EmailAddress::parse("a@tulipworks.example").unwrap();
    let in_words = |locale| {
        [
            recipient_error(locale, &duplicate),
            email_error(locale, &EmailError::MissingAt),
            recipient_error(locale, &RecipientError::PreferredEmail(preferred.clone())),
            recipient_error(locale, &RecipientError::Duplicate(a.clone())),
            email_error(locale, &EmailError::MissingDomain),
            recipient_error(locale, &RecipientError::LimitReached),
            email_error(locale, &EmailError::MissingDomain),
        ]
    };
    let messages = |replies: &[(u16, serde_json::Value)]| -> Vec<String> {
        replies
            .iter()
            .map(|(_, body)| body["message"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(messages(&english), in_words(Locale::EnUs));
    assert_eq!(
        english[0].1["message"],
        "finance@tulipworks.example is already in the list."
    );

    for header in ["nl-NL", "fr, nl;q=0.8", "nl-BE", "en;q=0, *"] {
        let asked = client.with_header(ACCEPT_LANGUAGE, header.as_bytes());
        let dutch = typed_input_refusals(&asked).await;
        let messages = messages(&dutch);
        assert_eq!(messages, in_words(Locale::NlNl), "{header}");
        assert_eq!(
            messages[0],
            "finance@tulipworks.example staat al in de lijst."
        );
        // Only the message differs: status, code and field are the English ones.
        for ((status, body), (english_status, english_body)) in dutch.iter().zip(&english) {
            assert_eq!(status, english_status, "{header}: {body}");
            assert_eq!(body["code"], english_body["code"], "{header}: {body}");
            assert_eq!(body["field"], english_body["field"], "{header}: {body}");
            assert_ne!(body["message"], english_body["message"], "{header}: {body}");
        }
    }

    // English asked for, or nothing the server speaks: English as without the header.
    for header in ["en-US", "en-GB, nl;q=0.5", "fr-FR, de", "nl;q=0", ""] {
        let asked = client.with_header(ACCEPT_LANGUAGE, header.as_bytes());
        assert_eq!(typed_input_refusals(&asked).await, english, "{header:?}");
    }
    assert_eq!(
        recipients_of(&client.status(PROD).await),
        ["finance@tulipworks.example"]
    );
}

#[tokio::test]
async fn accept_language_over_several_header_lines() {
    use axum::http::header::ACCEPT_LANGUAGE;
    let client = with_one_recipient()
        .await
        .with_header(ACCEPT_LANGUAGE, b"fr")
        .with_header(ACCEPT_LANGUAGE, b"nl;q=0.5");
    let body = client
        .add_recipient(PROD, "finance@tulipworks.example")
        .await
        .error(409, "duplicate_recipient");
    assert_eq!(
        body["message"],
        "finance@tulipworks.example staat al in de lijst."
    );
}

/// The other messages stay English: the app says those by their code.
#[tokio::test]
async fn other_messages_stay_english_whatever_the_accept_language() {
    use axum::http::header::ACCEPT_LANGUAGE;
    let client = Client::fresh();
    client.sign_in("account-admin").await;
    let dutch = client.with_header(ACCEPT_LANGUAGE, b"nl-NL");
    let english = client
        .add_recipient(PROD, "finance@tulipworks.example")
        .await
        .error(409, "not_opted_in");
    let asked = dutch
        .add_recipient(PROD, "finance@tulipworks.example")
        .await
        .error(409, "not_opted_in");
    assert_eq!(asked, english);
    let english = client.get("/api/nope").await.error(404, "not_found");
    let asked = dutch.get("/api/nope").await.error(404, "not_found");
    assert_eq!(asked, english);
    // The header is read: a refusal of what was typed is Dutch.
    client.opt_in(PROD).await.ok();
    let asked = dutch
        .add_recipient(PROD, "finance@")
        .await
        .error(422, "invalid_email");
    assert_eq!(
        asked["message"],
        "Voer het domein na de @ in, zoals naam@domein.example."
    );
}
