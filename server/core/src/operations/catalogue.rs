//! Every table that holds a tenant's rows, in the order destruction deletes them (rows that
//! point at others first), with what the export tells the customer about each. A test checks
//! the list against the schema, so a new table cannot be forgotten by export or destruction.

/// What the export does with a table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Export {
    /// Every column.
    All,
    /// Every column but these, for the reason given (credentials, not data).
    Without(&'static [&'static str], &'static str),
    /// Not exported, for the reason given; destruction still removes it.
    Skipped(&'static str),
}

#[derive(Debug, Clone, Copy)]
pub struct TenantTable {
    pub name: &'static str,
    /// The column naming the tenant.
    pub key: &'static str,
    pub about: &'static str,
    /// Columns pointing at rows of another table: (column, "table.column").
    pub links: &'static [(&'static str, &'static str)],
    /// Columns whose values need a word of explanation.
    pub notes: &'static [(&'static str, &'static str)],
    pub export: Export,
    /// Columns exported with the secret tokens of their links replaced by `REDACTED` (a mail's
    /// reset or invitation link would otherwise still work for whoever reads the export).
    pub redacted: &'static [&'static str],
}

const fn table(name: &'static str, about: &'static str) -> TenantTable {
    TenantTable { name, key: "tenant_id", about, links: &[], notes: &[], export: Export::All, redacted: &[] }
}

const CREDENTIALS: &str = "sign-in credentials, which are not data of yours and are useless outside this service";

pub const TABLES: &[TenantTable] = &[
    // Your own articles, written in the studio by your administrators: found by `scope`.
    TenantTable {
        key: "scope",
        notes: &[("kind", "request, changes, approve or publish"), ("number", "the revision the note is about")],
        ..table("content_review_notes", "Notes exchanged while reviewing your own articles.")
    },
    TenantTable { key: "scope", ..table("content_reviews", "Reviews in progress of your own articles.") },
    TenantTable {
        key: "scope",
        notes: &[("number", "the revision readers get")],
        ..table("content_published", "Which revision of each of your own articles is published.")
    },
    TenantTable {
        key: "scope",
        notes: &[("path", "_tenants/<your id>/<language>/<module>/<address>.md"), ("text", "the article's whole file: YAML front matter, then Markdown")],
        ..table("content_revisions", "Every saved revision of the articles your administrators wrote for your help centre.")
    },
    TenantTable {
        notes: &[("data", "the image, base64-encoded; empty when it is in files/"), ("scope", "your id for images of your own articles")],
        ..table("content_images", "Images uploaded into your own articles.")
    },
    TenantTable { export: Export::Skipped("a cache of SAML assertions already used, kept to refuse replays"), ..table("saml_assertions", "") },
    TenantTable {
        links: &[("provider_id", "sso_providers.id"), ("user_id", "users.id")],
        notes: &[("subject", "the person's identifier at your identity provider")],
        ..table("sso_identities", "Which account each single sign-on identity signs in to.")
    },
    TenantTable { export: Export::Skipped("single sign-on attempts in progress (minutes long)"), ..table("sso_logins", "") },
    TenantTable {
        notes: &[("kind", "oidc or saml")],
        export: Export::Without(&["settings"], "the provider settings hold its client secret and keys"),
        ..table("sso_providers", "Your single sign-on providers.")
    },
    TenantTable {
        notes: &[("settings", "JSON: password rules, session lengths, sign-in options")],
        ..table("tenant_identity_settings", "Your sign-in and password settings.")
    },
    TenantTable { export: Export::Skipped("invitation and password-reset links"), ..table("account_tokens", "") },
    TenantTable {
        export: Export::Without(&["token"], "the unsubscribe token is a credential"),
        notes: &[("module", "empty for every module")],
        ..table("maintenance_subscriptions", "Addresses subscribed to maintenance and outage notices.")
    },
    TenantTable {
        links: &[("announcement_id", "announcements.id"), ("author_id", "users.id")],
        notes: &[("state", "the announcement's state after this update")],
        ..table("announcement_updates", "Timestamped updates posted on announcements.")
    },
    TenantTable {
        links: &[("author_id", "users.id")],
        notes: &[
            ("kind", "planned, unplanned, outage or resolved"),
            ("modules", "comma-separated module ids"),
            ("time_zone", "IANA time zone the times were given in"),
        ],
        ..table("announcements", "Maintenance windows and outages announced to you.")
    },
    TenantTable {
        links: &[("ticket_id", "tickets.id"), ("agent_id", "users.id (may be a support agent of the vendor, not in users.csv)")],
        notes: &[("rating", "1 to 5, empty until answered")],
        ..table("surveys", "Satisfaction surveys sent after tickets were solved, and the answers.")
    },
    TenantTable {
        redacted: &["text_body", "html_body", "list_unsubscribe"],
        ..table("mail_outbox", "Mails the help centre sent or is about to send to your users.")
    },
    table("ticket_deflections", "Suggested articles opened from the ticket form (filed = 1 when a ticket was filed anyway)."),
    TenantTable {
        links: &[("user_id", "users.id")],
        notes: &[("fields", "JSON of the form's fields")],
        ..table("ticket_drafts", "Ticket forms saved with errors, to be finished later.")
    },
    TenantTable {
        links: &[("ticket_id", "tickets.id"), ("event_id", "ticket_events.id")],
        notes: &[
            ("data", "the file, base64-encoded; empty when the file is in files/ or was removed after the retention period"),
            ("purged_at", "when the file was removed"),
        ],
        ..table("ticket_attachments", "Files attached to tickets.")
    },
    TenantTable {
        links: &[("ticket_id", "tickets.id"), ("author_id", "users.id (may be a support agent of the vendor, not in users.csv)")],
        notes: &[("kind", "created, status, comment, assigned, attachment, reminder, sla-alert…"), ("internal", "1 for notes only support agents see")],
        ..table("ticket_events", "Each ticket's history: comments, status changes, assignments.")
    },
    TenantTable {
        links: &[("requester_id", "users.id"), ("assignee_id", "users.id (a support agent of the vendor, not in users.csv)")],
        notes: &[
            ("number", "the ticket number shown to people"),
            ("status", "new, open, pending, on-hold, awaiting-delivery, awaiting-approval, validated or closed"),
            ("severity", "blocking, major or minor"),
            ("extra", "JSON of the module's extra form fields"),
            ("sla_target_secs", "the resolution target in working seconds"),
            ("sla_spent_secs", "working seconds spent so far"),
            ("level", "the support level that has the ticket: 1 Customer Care, 2 Technical Support, 3 R&D"),
            ("copied", "space-separated users.id of the people in copy (colleagues, and agents following the ticket)"),
        ],
        ..table("tickets", "Support tickets filed by your users.")
    },
    TenantTable { export: Export::Skipped(CREDENTIALS), ..table("password_history", "") },
    table("search_log", "Searches made in your help centre, without who made them."),
    TenantTable { export: Export::Skipped("failed sign-in counters for lock-outs"), ..table("sign_in_failures", "") },
    TenantTable { export: Export::Skipped(CREDENTIALS), ..table("sessions", "") },
    TenantTable {
        links: &[("actor_id", "users.id (may be a support agent of the vendor, not in users.csv)")],
        notes: &[
            (
                "action",
                "signed-in, signed-out, password-changed, account-invited, account-changed, ticket-filed, tenant-exported, article-published, article-restored",
            ),
            ("subject", "the id of the user or ticket acted on"),
        ],
        ..table("audit_log", "The audit log of what users did (kept one year).")
    },
    TenantTable {
        links: &[("user_id", "users.id")],
        notes: &[("locale", "the language the agent's mails are written in"), ("new_ticket", "1 when the agent is mailed for this kind, 0 when not")],
        ..table("agent_notifications", "Which mails each of your support agents chose to receive.")
    },
    TenantTable {
        links: &[("updated_by", "users.id")],
        notes: &[("level", "the support level (1, 2 or 3) the reply is for; empty for every level")],
        ..table("canned_replies", "Your support agents' canned replies.")
    },
    TenantTable { links: &[("user_id", "users.id")], ..table("user_groups", "Which groups each account belongs to.") },
    TenantTable {
        export: Export::Without(&["password_hash"], CREDENTIALS),
        notes: &[
            ("role", "customer-user, customer-admin, support-agent, content-editor or super-admin"),
            ("valid_until", "end of the account's validity, empty for none"),
        ],
        ..table("users", "Your users' accounts.")
    },
    TenantTable { notes: &[("helpful", "1 for helpful, 0 for not")], ..table("article_feedback", "Was-this-helpful votes on articles.") },
    table("tenant_sla", "Your own SLA targets and holidays, when they differ from the defaults."),
    table("tenant_hosts", "The host names your help centre answers on."),
    TenantTable { key: "id", ..table("tenants", "Your organisation as the help centre knows it.") },
];

/// What a column means, for the export's README.
pub fn column_meaning(table: &TenantTable, column: &str) -> String {
    if let Some((_, note)) = table.notes.iter().find(|(c, _)| *c == column) {
        return (*note).to_string();
    }
    if let Some((_, target)) = table.links.iter().find(|(c, _)| *c == column) {
        return format!("links to {target}");
    }
    match column {
        "id" if table.name == "tenants" => "your organisation's id (tenant_id in the other files)".into(),
        "id" => "this row's id".into(),
        "tenant_id" => "your organisation's id, the same in every file (links to tenants.id)".into(),
        c if c.ends_with("_at") || c.ends_with("_since") => "a time in seconds since 1970-01-01 00:00 UTC; empty when not set".into(),
        c => format!("{}, as shown in the help centre", c.replace('_', " ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db;

    #[tokio::test]
    async fn every_table_with_tenant_rows_is_listed() {
        let url = db::test_database_url().await;
        let pool = db::connect(&url).await.unwrap();
        // Each backend's own catalogue of the schema.
        let with_tenant: Vec<(String,)> = sqlx::query_as(if url.starts_with("postgres") {
            "SELECT table_name::text FROM information_schema.columns \
             WHERE table_schema = 'public' AND column_name = 'tenant_id' ORDER BY table_name"
        } else {
            "SELECT m.name FROM sqlite_master m WHERE m.type = 'table' \
             AND EXISTS (SELECT 1 FROM pragma_table_info(m.name) c WHERE c.name = 'tenant_id') ORDER BY m.name"
        })
        .fetch_all(&pool)
        .await
        .unwrap();
        assert!(with_tenant.len() > 20, "{with_tenant:?}");
        for (name,) in &with_tenant {
            assert!(TABLES.iter().any(|t| t.name == name), "table {name} holds tenant rows but export and destruction do not know it");
        }
        assert_eq!(TABLES.last().unwrap().name, "tenants", "the tenant row goes last");
    }
}
