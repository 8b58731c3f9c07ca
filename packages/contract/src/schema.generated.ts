// This file is generated from openapi/openapi.yaml by packages/contract/scripts/generate.mjs.
// Do not edit it by hand: change the YAML and run `npm run contract:generate`.

export interface paths {
    "/healthz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Liveness and database reachability
         * @description Answers 200 while the process runs and its database answers; 503 when the database cannot be reached, so a load balancer stops sending traffic. Public, and says nothing about the data.
         */
        get: operations["getHealth"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/openapi.json": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * This contract, as JSON
         * @description The OpenAPI 3.1 document the server runs on (the same as `openapi/openapi.yaml` of its
         *     version): generate a client from it, or read `x-roles` to see who may call what. Public.
         *     `/openapi.yaml` serves the same document as YAML (`getContractYaml`); `/docs` renders it.
         */
        get: operations["getContract"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/openapi.yaml": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * This contract, as YAML
         * @description The same document as `/openapi.json` (`getContract`), as the YAML source it was generated from. Public.
         */
        get: operations["getContractYaml"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/.well-known/jwks.json": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The regulator's public signing keys
         * @description Ed25519 public keys (JWK, `OKP`/`Ed25519`) that sign webhooks, receipts and
         *     decisions. Several keys may be listed during a rotation; pick by `kid`.
         */
        get: operations["getJwks"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/districts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The districts this deployment serves
         * @description County-level divisions with their GB/T 2260 codes; tips and shops name one of them.
         */
        get: operations["listDistricts"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/staff/sessions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Log in as staff
         * @description Exchanges an email and password for a short-lived bearer token. A wrong email
         *     and a wrong password get the same answer. Attempts are rate-limited per account
         *     and per client address.
         */
        post: operations["createStaffSession"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/staff/console-sessions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Sign in to the console (cookie session)
         * @description Exchanges a staff email and password for a console session held in a cookie
         *     (`ezhili_console`: `HttpOnly`, `SameSite=Strict`, `Path=/console/api`, `Secure` behind
         *     TLS), so page scripts never see the token. The console reaches the API under
         *     `/console/api` (the same operations with that prefix); the cookie is sent there only.
         *     The answer carries the CSRF token that every cookie-authenticated unsafe request must
         *     echo in `X-Ezhili-CSRF` (and such requests must come from the server's own origin).
         *     A request from another origin is refused (`403 origin_not_allowed`). The session
         *     ends after `idleTimeoutSeconds` without a request and at `expiresAt` in any case.
         *     A wrong email and a wrong password get the same answer; attempts are rate-limited
         *     as for `createStaffSession`. Roles: any staff role (the credentials decide).
         */
        post: operations["createConsoleSession"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/staff/console-sessions/current": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The current console session, its CSRF token and time left
         * @description For the console after a page load: who is signed in, the CSRF token to send in
         *     `X-Ezhili-CSRF`, and when the session expires. Like every cookie-authenticated request
         *     it counts as activity (the idle clock restarts); every such response also carries
         *     `Ezhili-Session-Expires-In` (seconds until idle expiry, capped by the absolute
         *     expiry), which the console reads to warn before it signs the user out.
         *     Sent with `Cache-Control: no-store`. Roles: any staff role.
         */
        get: operations["getConsoleSession"];
        put?: never;
        post?: never;
        /**
         * Sign out of the console
         * @description Ends the session on the server (the cookie stops working everywhere it was copied)
         *     and clears the cookie. Needs the CSRF header like every unsafe cookie request.
         *     Roles: any staff role.
         */
        delete: operations["deleteConsoleSession"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/staff/console-sessions/oidc": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Sign in to the console through the identity provider (OIDC)
         * @description A browser navigation, not an API call: redirects to the deployment's OpenID Connect
         *     provider (authorization code flow with PKCE `S256`, `state` and `nonce`), keeping
         *     the flow's secrets in a short-lived encrypted `HttpOnly` cookie. `404
         *     oidc_not_configured` when the deployment has no provider (`OIDC_ISSUER` and
         *     `OIDC_CLIENT_ID`). Roles: any staff role (the provider's claims decide).
         */
        get: operations["startConsoleOidcSignIn"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/staff/console-sessions/oidc/callback": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The identity provider's redirect back (OIDC callback)
         * @description Checks `state` against the flow cookie, redeems the code with the PKCE verifier at the
         *     provider's token endpoint, verifies the ID token (issuer, audience = client id, nonce,
         *     signature through the provider's JWKS), and opens a console session from its claims
         *     (roles from `OIDC_ROLES_CLAIM`, district from `OIDC_DISTRICT_CLAIM`); then redirects
         *     to `/console/`. A provider error, a wrong state or a token that fails a check is
         *     refused (`401 oidc_failed`) and opens nothing. Roles: any staff role.
         */
        get: operations["completeConsoleOidcSignIn"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/staff/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Who am I
         * @description The staff member the bearer token belongs to: id, name, roles and (for a district handler) district. The console calls it after sign-in to decide what to show. Roles: any staff member (`intake`, `district_handler`, `detachment_handler`, `reward_committee`, `finance`, `auditor`, `admin`).
         */
        get: operations["getCurrentStaff"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/notifications": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * My notifications, newest first
         * @description What the server told the caller about cases and leads they are responsible for: a new
         *     case in their unit's queue (or assigned to them by name), a case deadline coming up in
         *     `NOTIFY_DEADLINE_SOON_DAYS` days, an overdue case, a platform's overdue lead
         *     acknowledgement or action. A notification carries the case's identity code, the due
         *     date (a calendar day in the deployment's time zone, never the instant a tip arrived)
         *     and a console link; nothing about the reporter and nothing of the case's content.
         *     `unreadCount` counts every unread notification of the caller, whatever the page.
         *     See `docs/notifications.md`.
         *     Roles: any staff member (`intake`, `district_handler`, `detachment_handler`,
         *     `reward_committee`, `finance`, `auditor`, `admin`).
         */
        get: operations["listNotifications"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/notifications/read": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Mark all my notifications read
         * @description Marks every unread notification of the caller read (the console's "mark all read").
         *     Answers how many were marked; a second call marks none.
         *     Roles: any staff member (`intake`, `district_handler`, `detachment_handler`,
         *     `reward_committee`, `finance`, `auditor`, `admin`).
         */
        post: operations["markAllNotificationsRead"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/notifications/{notificationId}/read": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                notificationId: components["parameters"]["NotificationId"];
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Mark one of my notifications read
         * @description Marks the notification read (again: keeps the first time) and returns it; the console
         *     calls it when its email link (`/console/notifications/{notificationId}`) is opened and
         *     then shows the case. Another staff member's notification is a `404`, as is an unknown id.
         *     Roles: any staff member (`intake`, `district_handler`, `detachment_handler`,
         *     `reward_committee`, `finance`, `auditor`, `admin`).
         */
        post: operations["markNotificationRead"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/partners": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List the partner apps allowed to embed the widget
         * @description Every partner app registered to embed the whistleblow widget, with the origins it may embed from. Roles: `admin`. City-wide: `admin` (partners are registered for the whole city).
         */
        get: operations["listPartners"];
        put?: never;
        /**
         * Register a partner app and the origins allowed to embed the widget
         * @description Admins only. The widget's embed pages (`/embed/tip?partner=<id>`) send
         *     `Content-Security-Policy: frame-ancestors` with exactly these origins, so only the
         *     partner's own pages can frame the form. `http` origins are accepted for `localhost`
         *     and `127.0.0.1` only; a port of `*` matches any port.
         *     Roles: `admin`.
         */
        post: operations["registerPartner"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/partners/referrals": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Tips per partner and entry point (splash, banner, in-app), small counts withheld
         * @description How many tips each partner's entry points brought in, counted only as monthly totals
         *     (a tip itself records neither), for complete calendar months from `from` to `to`
         *     (`YYYY-MM`; default every complete month). The current month is never shown, so a new
         *     tip cannot be matched to a counter that just moved; a count from 1 to
         *     `minimumCount - 1` (`TRANSPARENCY_MIN_COUNT`) is null. Roles: `admin`, `auditor`.
         *     City-wide: `admin`, `auditor` (monthly counts per partner, no tip).
         */
        get: operations["getReferralCounts"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/partners/{partnerId}/entry-points": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                partnerId: components["parameters"]["PartnerId"];
            };
            cookie?: never;
        };
        /**
         * Deep links and QR codes (SVG) for a partner's splash screen, banner and in-app entry
         * @description One link per entry point to the report form on this server (`/embed/tip?partner=…&entry=…`),
         *     and the same link as a QR code in SVG, for the partner to print or show. Tips that arrive
         *     through a link are counted per partner and entry point in monthly totals only
         *     (`getReferralCounts`). Roles: `admin`.
         *     City-wide: `admin`.
         */
        get: operations["getPartnerEntryPoints"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/partners/{partnerId}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                partnerId: components["parameters"]["PartnerId"];
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Change a partner's name or allowed origins, or disable it
         * @description A disabled partner's embed pages refuse to load (`frame-ancestors 'none'`). Roles: `admin`.
         */
        patch: operations["updatePartner"];
        trace?: never;
    };
    "/reporter/accounts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Register a reporter account (identity sealed at once)
         * @description Takes the real name, resident ID number (GB 11643, check character verified), mainland
         *     mobile number, bank account and a passphrase. The identity is encrypted the moment it
         *     arrives into a payout envelope (opened only by the payout module) and an audit
         *     envelope sealed to the audit public key; no column holds it in the clear. Returns a
         *     first session. Registering a phone number that already has an account does not say
         *     so (registration cannot reveal whether someone is a reporter); log in with the
         *     phone and passphrase afterwards. Registrations are rate-limited per client address.
         *     See `docs/whistleblower-protection.md`.
         */
        post: operations["registerReporter"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/reporter/sessions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Log in as a reporter
         * @description Exchanges a phone number and passphrase for an opaque bearer token (use it with the
         *     `reporterSession` scheme). A wrong phone number and a wrong passphrase get the same
         *     answer; attempts are rate-limited per phone number and per client address.
         */
        post: operations["createReporterSession"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/reporter/sessions/current": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Log out (end this reporter session)
         * @description Ends the reporter session whose token is sent: the token stops working at once. The account, its tips and its other sessions are untouched.
         */
        delete: operations["deleteReporterSession"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/reporter/profile": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The reporter's own registered details
         * @description Decrypted for the logged-in reporter alone (never for staff); each view is recorded
         *     in the audit log without the details. Sent with `Cache-Control: no-store`.
         */
        get: operations["getReporterProfile"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Change one's own details or passphrase
         * @description Every change needs the current passphrase, so a stolen session alone cannot redirect
         *     a reward to another bank account. The identity is sealed again as a new version
         *     (earlier audit envelopes are kept); a new passphrase ends the account's other
         *     sessions. Wrong passphrases count towards the login rate limit.
         */
        patch: operations["updateReporterProfile"];
        trace?: never;
    };
    "/tips": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Submit a tip, optionally with evidence files
         * @description Anonymous, or with a reporter session (the tip is then linked to the account; staff
         *     never see the link). Send `application/json` (no evidence), or
         *     `multipart/form-data` with a `tip` part holding the same JSON and up to N `evidence`
         *     file parts (photos, videos). Evidence is streamed: its type is sniffed from the bytes,
         *     metadata is stripped, and it is hashed and encrypted at rest. A failed submission
         *     stores nothing. For multipart bodies the `Idempotency-Key` matches on the key alone.
         *
         *     The response carries the identity code, the receipt secret (shown only this once)
         *     and a regulator-signed receipt (compact JWS, EdDSA) verifiable with
         *     `/.well-known/jwks.json`.
         */
        post: operations["submitTip"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/tip": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The reporter's view of their tip
         * @description By identity code plus receipt secret, or by identity code plus the reporter session
         *     that submitted the tip. An unknown code and a wrong secret get the same `404`;
         *     repeated failures are rate-limited (`429`).
         */
        get: operations["getTip"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/tip/messages": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Messages between the reporter and the handler
         * @description The conversation between the reporter and the handler of their case, oldest first, for the reporter who proves the tip is theirs (identity code plus receipt secret, or the reporter session that owns the tip). Staff are shown by role, never by name.
         */
        get: operations["listTipMessages"];
        put?: never;
        /**
         * Send a message to the handler of the tip's case, optionally with files
         * @description Send `application/json` (text only), or `multipart/form-data` with a `message` part
         *     holding the same JSON and up to N `evidence` file parts (photos, videos), like
         *     `submitTip`. Each file becomes an evidence file of the case (type sniffed from the
         *     bytes, metadata stripped, hashed, encrypted at rest, original sealed for the
         *     auditors); the handler downloads it with `getEvidenceFile`. A failed reply stores
         *     nothing. A JSON retry must repeat the body (a different body with the same
         *     `Idempotency-Key` is a `409`); a multipart retry matches on the key alone, because a
         *     streamed body is not hashed.
         */
        post: operations["postTipMessage"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/cases": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Cases of the caller's unit
         * @description `intake` sees the intake queue (received, not yet triaged); a `district_handler` the
         *     cases routed to their district bureau; a `detachment_handler` the cases routed to the
         *     city enforcement detachment; `admin` and `auditor` see all (read-only for auditors).
         *     `overdue=true` lists only cases past an acknowledgement or feedback deadline;
         *     `officer=me` the caller's own cases (see `assignCaseOfficer`).
         *     `assignedUnit` and `classification` narrow the queue to one unit (a classification
         *     decides the unit: general → district bureau, complex → detachment). `category` and
         *     the text search `q` are checked against a bounded window of the queue per request
         *     (docs/scaling.md § Lists): a page may then hold fewer than `limit` items while
         *     `nextCursor` still points further back; follow it until it is `null`. `q` matches
         *     the texts staff see of a case (its description as redacted, shop name and address,
         *     closing summary, identity code, id), never anything of the reporter's identity.
         *     Roles: `intake`, `district_handler`, `detachment_handler`, `auditor`, `admin`.
         *     City-wide: `auditor`, `admin`.
         */
        get: operations["listCases"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/case-counts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * How many cases each queue of the caller's unit holds
         * @description The counts beside the queue's tabs: the cases the caller may see (the same unit rule
         *     as `listCases`) per state, and how many open ones are overdue. Counts only; no case is
         *     named, so the read is not audited. Roles: `intake`, `district_handler`,
         *     `detachment_handler`, `auditor`, `admin`. City-wide: `auditor`, `admin`.
         */
        get: operations["getCaseCounts"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/case-routings": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Route several cases to a unit at once (all or nothing)
         * @description The queue's bulk action: every case named goes to the unit the classification decides
         *     (`general` → the district bureau of each case's shop; `complex` → the city enforcement
         *     detachment). A `received` case is accepted
         *     at triage (as `triageCase` would; this acknowledges the tip), a `triaged` or
         *     `investigating` one re-routed (as `transitionCase` would; `reason` is then required).
         *     One transaction: each case gets its own transition and audit event, or, if any case may
         *     not be routed so (not visible to the caller, closed, already with that unit, or the caller's
         *     role may not triage or re-route it), none is routed and the `409 bulk_routing_refused`
         *     problem names every refused case (`errors[].pointer` = `#/caseIds/<index>`,
         *     `refusedCaseIds`). Roles: `intake`, `district_handler`, `detachment_handler`, `admin`.
         */
        post: operations["routeCases"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/cases/{caseId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One case with its evidence list, transitions, notes and messages
         * @description Every read is recorded in the audit log. A case outside the caller's unit is a `404`. Roles: `intake`, `district_handler`, `detachment_handler`, `auditor`, `admin`. City-wide: `auditor`, `admin`.
         */
        get: operations["getCase"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/cases/{caseId}/triage": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Intake triage (accept and route, reject, or merge as a duplicate)
         * @description `accept` classifies the case `general` (routed to the district bureau of the shop's
         *     district) or `complex` (routed to the city enforcement detachment); `reject` closes it
         *     with a reason; `merge` closes it as a duplicate of another case. Triage acknowledges
         *     the tip (the 7-day deadline).
         *     Roles: `intake`, `admin`.
         */
        post: operations["triageCase"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/cases/{caseId}/transitions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Move a case on (investigate, close with an outcome) or re-route it
         * @description `investigate`: triaged → investigating. `close`: investigating → closed with an outcome
         *     (`violation_confirmed` needs `penaltyFen`). `reroute`: send the case to another unit
         *     (recorded as a transition; the state stays). Only the unit holding the case (or an
         *     admin) may do this.
         *     Roles: `district_handler`, `detachment_handler`, `admin`.
         */
        post: operations["transitionCase"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/cases/{caseId}/evidence/{evidenceId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Download one evidence file (metadata stripped)
         * @description The decrypted, metadata-stripped file; once the photo was redacted (`redactEvidence`), the
         *     redacted photo, for every caller. Every download is recorded in the audit log.
         *     Roles: `intake`, `district_handler`, `detachment_handler`, `auditor`, `admin`.
         *     City-wide: `auditor`, `admin`.
         */
        get: operations["getEvidenceFile"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/cases/{caseId}/evidence/{evidenceId}/redactions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Black out regions of a photo before it is shared
         * @description Draws opaque boxes over the given regions of the photo as staff see it (pixel
         *     coordinates of the image after its orientation is applied) and re-encodes it without any
         *     metadata. The result replaces the photo for everyone from then on: staff of every unit,
         *     auditors, platforms and exports receive the redacted version (`getEvidenceFile`); a
         *     further redaction adds to it. The original stays sealed and is opened only by k of n
         *     auditors (`createUnsealRequest` with `target.type: evidence_original`). Videos cannot be
         *     redacted (`409 evidence_not_redactable`). Recorded in the audit log.
         *     Roles: `intake`, `district_handler`, `detachment_handler`, `admin` (the unit holding the case).
         */
        post: operations["redactEvidence"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/cases/{caseId}/text-redactions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Mask passages of a case's description, a note or a message
         * @description Replaces each character range (Unicode code points, `start` inclusive, `end` exclusive,
         *     of the text as it is now) with the fixed mask `■■■`, whatever the passage's length, so
         *     the length does not show. The masked text is what everyone reads from then on: staff of
         *     every unit, auditors, the reporter's own view of the conversation, platforms and
         *     exports. The text as it was is sealed to the audit key; k of n auditors open it with
         *     `createUnsealRequest` (`target.type: text_original`, this redaction's id). Recorded in
         *     the audit log.
         *     Roles: `intake`, `district_handler`, `detachment_handler`, `admin` (the unit holding the case).
         */
        post: operations["redactCaseText"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/cases/{caseId}/case-file.pdf": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The case file as a PDF (timeline, decisions, evidence thumbnails and hashes)
         * @description A printable case file for a court or an archive: the case's identity code (never the
         *     reporter's identity), shop, description, decisions and timeline, internal notes and the
         *     conversation (as redacted), and each evidence file with its SHA-256 and, for photos, a
         *     thumbnail of the stripped or redacted version. Chinese text is rendered with the embedded
         *     CJK font (`EXPORT_CJK_FONT`). Streamed as it is written; every export is recorded in the
         *     audit log.
         *     Roles: `intake`, `district_handler`, `detachment_handler`, `auditor`, `admin`.
         *     City-wide: `auditor`, `admin`.
         */
        get: operations["exportCaseFilePdf"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/cases/{caseId}/notes": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Add an internal note (never shown to the reporter)
         * @description An internal note on a case for the staff who handle it; the reporter never sees it. Recorded in the audit log with the case. Roles: `intake`, `district_handler`, `detachment_handler`, `admin`.
         */
        post: operations["addCaseNote"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/cases/{caseId}/officer": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Assign the case to a named officer of its unit (or clear the assignment)
         * @description Names the officer who handles the case within the unit it is routed to, re-assigns it,
         *     or (`officerId: null`) hands it back to the unit's pool. The officer must be an active
         *     staff user holding the unit's handling role: `intake` for the intake queue,
         *     `district_handler` of the case's district for a district bureau, `detachment_handler`
         *     for the enforcement detachment; anyone else is refused with `422 officer_not_in_unit`
         *     and nothing changes. Whoever may act on the case may assign it (any handler of the
         *     unit, including to themselves; an admin anywhere): the scheme has no supervisor role.
         *     A closed case keeps its last officer (`409 case_closed`). Routing the case to another
         *     unit (triage, re-route) clears the assignment. Recorded on the case's timeline
         *     (`assign_officer`) and in the audit log (officer ids only).
         *     Roles: `intake`, `district_handler`, `detachment_handler`, `admin`.
         */
        post: operations["assignCaseOfficer"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/officers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The officers of the units the caller works in (who a case can be assigned to)
         * @description Every active staff user holding a unit's handling role, once per unit: the intake
         *     officers, each district bureau's handlers, the detachment's handlers. A handler sees
         *     the officers of their own unit(s); `admin` and `auditor` see every unit's. For the
         *     assignment form and the queue's officer filter; names and ids only (no email).
         *     Roles: `intake`, `district_handler`, `detachment_handler`, `auditor`, `admin`.
         *     City-wide: `admin`, `auditor`.
         */
        get: operations["listOfficers"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/cases/{caseId}/messages": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Send a message to the reporter (who stays anonymous)
         * @description Counts as acknowledgement and as feedback for the case's deadlines. Roles: `intake`, `district_handler`, `detachment_handler`, `admin`.
         */
        post: operations["postCaseMessage"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/cases/{caseId}/legal-hold": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Place a legal hold on a case (retention deletes nothing of it)
         * @description Keeps everything of the case (evidence, messages, the reporter's sealed identity, the case record, its audit events) out of retention deletion until the hold is released, e.g. during litigation, an appeal or an inspection. The reason is required and recorded in the audit log with the case. A case already on hold answers 409 `legal_hold_exists`. See `docs/retention.md`. Roles: `auditor`, `admin`.
         */
        post: operations["placeLegalHold"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/cases/{caseId}/legal-hold/release": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Release a case's legal hold
         * @description Ends the hold; from then on the case's data is deleted when its retention periods have passed (counted from the case's closure, so data already past them goes at the next run). The reason is required and recorded in the audit log. A case without a hold answers 409 `no_legal_hold`. Roles: `auditor`, `admin`.
         */
        post: operations["releaseLegalHold"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/audit/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Audit events, newest first
         * @description For `auditor` and `admin`. Page back with `beforeSeq` (the last `seq` of the page). Roles: `auditor`, `admin`. City-wide: `auditor`, `admin`.
         */
        get: operations["listAuditEvents"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/audit/verification": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Recompute the hash chain and report whether it is intact
         * @description Verifies the chain in one consistent snapshot (events written meanwhile are neither
         *     reported missing nor checked) off the server's request path, and waits for the answer.
         *     `mode=incremental` (the default) checks the events after the latest verified checkpoint;
         *     `mode=full` checks every event from the first. Either way the newest event must be the
         *     recorded head, and the chain must still pass through every checkpoint kept outside the
         *     database (`AUDIT_CHECKPOINT_FILE`), so a database rewritten as a whole is detected too.
         *     An intact run signs a new checkpoint at the head. For a full run over a long log, start
         *     a job instead (`createAuditVerification`) and follow its progress.
         *     Roles: `auditor`, `admin`.
         *     City-wide: `auditor`, `admin`.
         */
        get: operations["verifyAuditChain"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/audit/verifications": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Start a verification of the audit chain as a job with progress
         * @description Starts verifying the chain (as `verifyAuditChain` does) off the server's request path and
         *     answers at once with the job; follow it with `getAuditVerification`. While a run of the
         *     same mode is in progress, that run is answered instead of starting a second one.
         *     `checkpoint` is a signed checkpoint (its `jws`) kept by the caller, e.g. printed by
         *     `ezhili audit checkpoint`: the chain must still pass through it.
         *     Roles: `auditor`, `admin`.
         */
        post: operations["createAuditVerification"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/audit/verifications/{verificationId}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                verificationId: string;
            };
            cookie?: never;
        };
        /**
         * A verification job, with its progress or result
         * @description A job that stopped reporting progress (its server was stopped) is answered as `failed`.
         *     Roles: `auditor`, `admin`.
         *     City-wide: `auditor`, `admin`.
         */
        get: operations["getAuditVerification"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/audit/checkpoints": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Signed checkpoints of the audit chain, newest first
         * @description Each checkpoint is the chain's head (seq and hash) after an intact verification, signed
         *     by the regulator (a compact JWS, EdDSA, keys at `/.well-known/jwks.json`). Keep them where
         *     the database's administrators cannot write (they are also appended to
         *     `AUDIT_CHECKPOINT_FILE` and may be posted to `AUDIT_CHECKPOINT_WEBHOOK_URL`): a later
         *     verification against a kept checkpoint shows whether the log was rewritten since.
         *     Roles: `auditor`, `admin`.
         *     City-wide: `auditor`, `admin`.
         */
        get: operations["listAuditCheckpoints"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/retention": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Retention periods, what is due for deletion now, and the last run
         * @description The configured retention period of each data category (`RETENTION_*_DAYS`, counted from the case's closure; audit events from their own time), how many records of each category are due for deletion now (a preview of the next run: what `ezhili retention run --dry-run` prints), how many cases are on legal hold, and the last deletion run. Counts only: no case content, no reporter data. See `docs/retention.md`. Roles: `auditor`, `admin`. City-wide: `auditor`, `admin` (counts over every case; both see every case).
         */
        get: operations["getRetentionStatus"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/metrics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The scheme's figures over any period up to since launch, with trends and breakdowns
         * @description For the period `[from, to]` (UTC days; default the last 30 days; `since=launch` from the
         *     first day anything was recorded): tips received and accepted, platform leads, cases
         *     closed and the closure rate, times to acknowledgement and closure, leads sent and acted
         *     on (the lead-closure rate) with the time from lead to action, take-downs, relisting
         *     decisions, cards, rewards claimed and paid; overall, per district, per source (reporter,
         *     platform, risk, regulator) and per platform, with daily and monthly series. Case figures
         *     count the cases received in the period (closed now or not), lead figures the leads sent
         *     in the period; take-downs, decisions, cards, claims and payouts count on the day they
         *     happened. `districtCode` narrows everything to one district. Read from daily and monthly
         *     rollups kept in the same transaction as the data, so any period costs the same; durations
         *     are hours to two significant figures (see `docs/metrics.md`). Counts and durations only;
         *     no personal data.
         *     Roles: any staff member (`intake`, `district_handler`, `detachment_handler`,
         *     `reward_committee`, `finance`, `auditor`, `admin`).
         *     City-wide: `intake`, `district_handler`, `detachment_handler`, `reward_committee`, `finance`, `auditor`, `admin` (aggregate counts and durations, no row of a case, shop or reporter).
         */
        get: operations["getMetrics"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/transparency/report": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The scheme's public figures since launch, small cells withheld
         * @description The public transparency document (also served as a page at `/transparency`): tips
         *     received and accepted, cases closed and the closure rate, confirmed violations, leads
         *     and the lead-closure rate, time from lead to action, take-downs, relisting decisions,
         *     cards and rewards paid, since launch, per year and per district. Aggregates only: any
         *     count from 1 to `minimumCount - 1` (`TRANSPARENCY_MIN_COUNT`, default 5) is withheld
         *     (null, named in `suppressed`), with the rates, medians and amounts that would reveal it
         *     and one more cell where a total would let it be recovered by subtraction; see
         *     `docs/metrics.md`. Public (no roles); rebuilt at most once a minute.
         */
        get: operations["getTransparencyReport"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/platforms": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Register a delivery platform
         * @description Registers a platform with its public keys (an inline JWKS or a JWKS URL that is
         *     fetched and cached), an optional webhook URL for leads, decisions and cards, and
         *     its contacts. Platforms without a webhook pull their leads with `listPlatformLeads`.
         *     Roles: `admin`.
         */
        post: operations["registerPlatform"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/platforms/{platformId}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                platformId: components["parameters"]["PlatformId"];
            };
            cookie?: never;
        };
        /**
         * A platform's registration
         * @description A platform (signed call) sees only itself. Roles: `intake`, `district_handler`, `detachment_handler`, `auditor`, `admin` (the staff who work with platforms' leads and scorecards). City-wide: `intake`, `district_handler`, `detachment_handler`, `auditor`, `admin` (a platform's registration is reference data of the whole city, not of a district).
         */
        get: operations["getPlatform"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Update a platform (keys, webhook, contacts)
         * @description Keys rotate without downtime: publish the new key next to the old one (inline or
         *     at the JWKS URL), switch signing to it, then remove the old key. Setting
         *     `webhookEnabled: true` re-enables an endpoint disabled by a `410 Gone`.
         *     Roles: `admin`.
         */
        patch: operations["updatePlatform"];
        trace?: never;
    };
    "/platforms/{platformId}/webhook-secret": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Turn on symmetric `v1` webhook signatures, or rotate their secret
         * @description Creates a new webhook secret (`whsec_…`, shown in this response only) for the platform's
         *     endpoint. From then on every webhook carries, beside the regulator's `v1a` (Ed25519)
         *     signature, a Standard Webhooks `v1` signature (HMAC-SHA256 with this secret) in the same
         *     `webhook-signature` header, so off-the-shelf Standard Webhooks libraries in any language
         *     can verify it. Called again, it rotates without downtime: the previous secret keeps
         *     signing too (both `v1` signatures are sent) for `overlapSeconds` (default a day), so the
         *     receiver can switch secrets whenever it likes within that window. The platform may call
         *     it for itself (signed) or an administrator for it. Roles: `admin`.
         */
        post: operations["rotateWebhookSecret"];
        /**
         * Turn symmetric `v1` webhook signatures off
         * @description Retires every webhook secret of the platform at once: webhooks are signed `v1a` only
         *     again. The platform may call it for itself (signed) or an administrator for it.
         *     Roles: `admin`.
         */
        delete: operations["disableWebhookSecret"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/platforms/{platformId}/webhook-deliveries": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                platformId: components["parameters"]["PlatformId"];
            };
            cookie?: never;
        };
        /**
         * Webhook deliveries to a platform (dead letters with `state=dead`)
         * @description The webhook deliveries to one platform, newest first, with their attempts and state; `state=dead` lists the dead letters that ran out of retries and can be retried. Roles: `admin`. City-wide: `admin`.
         */
        get: operations["listWebhookDeliveries"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/platforms/{platformId}/webhook-deliveries/{deliveryId}/retry": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                platformId: components["parameters"]["PlatformId"];
                deliveryId: string;
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Send a dead letter again
         * @description Puts a dead-lettered message back in the outbox (same `webhook-id`, attempts from zero),
         *     e.g. after the platform fixed its endpoint.
         *     Roles: `admin`.
         */
        post: operations["retryWebhookDelivery"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/leads": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Send a violation lead to a shop's platform
         * @description Creates a lead from a case (its shop) or a shop, for the platform that lists the
         *     shop, with deadlines to acknowledge and to act. The lead is delivered as a signed
         *     `lead.created` webhook through a durable outbox, and is always available to pull.
         *     Roles: `intake`, `district_handler`, `detachment_handler`, `admin`.
         */
        post: operations["createLead"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/platforms/{platformId}/leads": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                platformId: components["parameters"]["PlatformId"];
            };
            cookie?: never;
        };
        /**
         * A platform's leads, oldest first, with a cursor (the pull channel)
         * @description A platform (signed call) pulls its leads in creation order: keep the last
         *     `nextCursor` and ask again later for newer ones. Staff see the leads they may see the
         *     ground of, like cases: a lead sent from a case only if its case is visible to them
         *     (`getCase`), a lead about a shop (source `shop` or `risk`) only if the shop is in their
         *     district for a `district_handler` (`intake` and `detachment_handler` see every district's
         *     shop leads). Roles: `intake`, `district_handler`, `detachment_handler`, `auditor`, `admin`.
         *     City-wide: `auditor`, `admin`.
         */
        get: operations["listPlatformLeads"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/platforms/{platformId}/leads/{leadId}/acknowledgement": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                platformId: components["parameters"]["PlatformId"];
                leadId: components["parameters"]["LeadId"];
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Acknowledge a lead (signed)
         * @description Idempotent in effect; the first acknowledgement's time and signature are kept.
         */
        post: operations["acknowledgeLead"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/platforms/{platformId}/leads/{leadId}/action": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                platformId: components["parameters"]["PlatformId"];
                leadId: components["parameters"]["LeadId"];
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Report the action taken on a lead (signed), e.g. the shop taken down at time T
         * @description The platform reports, signed, what it did about a lead (e.g. the shop taken down at a time). The signed request is kept as the platform's attestation.
         */
        post: operations["reportLeadAction"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/platforms/{platformId}/submitted-leads": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                platformId: components["parameters"]["PlatformId"];
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Report a violation the platform detected (signed); it becomes a case routed like a tip
         * @description A violation the platform detected itself, reported signed; it becomes a case routed to the bureau like a worker's tip, with the platform as its source.
         */
        post: operations["submitPlatformLead"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/platforms/{platformId}/relisting-requests": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                platformId: components["parameters"]["PlatformId"];
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Ask to relist a taken-down shop (signed attestation of the platform's review)
         * @description The platform asks, signed, to relist a shop it took down, attesting its review of the shop; a regulator decides (`decideRelistingRequest`).
         */
        post: operations["createRelistingRequest"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/relisting-requests": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Relisting requests, newest first
         * @description A platform (signed call) sees only its own requests; a `district_handler` only those for shops of their district. Roles: `district_handler`, `detachment_handler`, `auditor`, `admin`. City-wide: `detachment_handler`, `auditor`, `admin`.
         */
        get: operations["listRelistingRequests"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/relisting-requests/{requestId}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                requestId: components["parameters"]["RelistingRequestId"];
            };
            cookie?: never;
        };
        /**
         * One relisting request with its review and decision
         * @description One relisting request with the platform's attestation, its review and the decision; a platform sees only its own requests, a `district_handler` only those for shops of their district (another's is a 404). Roles: `district_handler`, `detachment_handler`, `auditor`, `admin`. City-wide: `detachment_handler`, `auditor`, `admin`.
         */
        get: operations["getRelistingRequest"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/relisting-requests/{requestId}/decision": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                requestId: components["parameters"]["RelistingRequestId"];
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Approve or reject a relisting request, with reasons
         * @description The decision is sent to the platform as a signed `relisting.decided` webhook. Roles: `district_handler`, `detachment_handler`, `admin`.
         */
        post: operations["decideRelistingRequest"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/shops/{shopId}/relisting-status": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                shopId: string;
            };
            cookie?: never;
        };
        /**
         * Whether a shop may be relisted
         * @description A shop taken down after a violation is relistable only once a relisting request is approved. A platform sees only its own shops, a `district_handler` only the shops of their district (another's is a 404). Roles: `district_handler`, `detachment_handler`, `auditor`, `admin`. City-wide: `detachment_handler`, `auditor`, `admin`.
         */
        get: operations["getShopRelistingStatus"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/platforms/{platformId}/scorecard": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                platformId: components["parameters"]["PlatformId"];
            };
            cookie?: never;
        };
        /**
         * A platform's scorecard for a period, with the cards the rules propose
         * @description A platform's scorecard for a period (response times, actions on leads) with the cards the rules propose; a platform sees only its own. Roles: `intake`, `district_handler`, `detachment_handler`, `auditor`, `admin`. City-wide: `intake`, `district_handler`, `detachment_handler`, `auditor`, `admin` (counts about the platform over every district; no case, shop or lead rows).
         */
        get: operations["getPlatformScorecard"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/platforms/{platformId}/cards": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                platformId: components["parameters"]["PlatformId"];
            };
            cookie?: never;
        };
        /**
         * Yellow and red cards issued to a platform, newest first
         * @description The yellow and red cards issued to a platform, newest first; a platform sees only its own. Roles: `intake`, `district_handler`, `detachment_handler`, `auditor`, `admin`. City-wide: `intake`, `district_handler`, `detachment_handler`, `auditor`, `admin` (a card judges the platform as a whole).
         */
        get: operations["listPlatformCards"];
        put?: never;
        /**
         * Issue a yellow or red card to a platform
         * @description The platform is notified by a signed `card.issued` webhook. Roles: `detachment_handler`, `admin`.
         */
        post: operations["issuePlatformCard"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/rewards/rules": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The reward rule this deployment applies
         * @description The active reward profile (levels with their percentage of the fines and confiscations,
         *     minimum amounts, the per-case cap, the internal-whistleblower multiplier, eligibility
         *     conditions, the claim window and the determination deadline) and the working-day
         *     calendar the deadlines are counted in. Public: reporters read it before they claim.
         *     Amounts are integers in fen (1 yuan = 100 fen); see `docs/rewards.md` for the rounding.
         */
        get: operations["getRewardRules"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/rewards/claims": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Reward claims, with their deadlines
         * @description Handlers see the claims of their unit's cases; the reward committee, finance, auditors
         *     and admins see all. Staff see the identity code, level and amount, never the
         *     reporter. `overdue=true` lists claims past their determination deadline.
         *     Roles: `district_handler`, `detachment_handler`, `reward_committee`, `finance`, `auditor`,
         *     `admin`.
         *     City-wide: `reward_committee`, `finance`, `auditor`, `admin`.
         */
        get: operations["listRewardClaims"];
        put?: never;
        /**
         * Claim the reward for a tip whose case closed with a confirmed violation
         * @description By identity code plus receipt secret (headers), or identity code plus the reporter
         *     session that submitted the tip. A tip submitted anonymously must attach a reporter
         *     account here (`attachAccount`, or the caller's reporter session): the reward is paid
         *     to that account's sealed bank details, and staff never learn which account it is.
         *     The claim must arrive within the rule's claim window (working days after the case
         *     closed). One claim per tip.
         */
        post: operations["claimReward"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/rewards/claims/{claimId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One reward claim (staff view)
         * @description One reward claim as staff see it: the case, the amounts proposed and determined, the payout state. Never the reporter's identity or payout details. Roles: `district_handler`, `detachment_handler`, `reward_committee`, `finance`, `auditor`, `admin`. City-wide: `reward_committee`, `finance`, `auditor`, `admin`.
         */
        get: operations["getRewardClaim"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/rewards/claims/{claimId}/proposal": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * The case handler proposes a reward level, with reasons
         * @description Only a handler of the unit that holds the case (the district bureau's
         *     `district_handler` for its district, or a `detachment_handler` for complex cases).
         *     Roles: `district_handler`, `detachment_handler`.
         */
        post: operations["proposeReward"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/rewards/claims/{claimId}/determination": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * The reward committee determines the amount
         * @description Omit `amountFen` to take the rule's amount. A different amount must lie within the
         *     rule's bounds (`amountBounds` of the claim) and needs a written `reason`.
         *     Roles: `reward_committee`.
         */
        post: operations["determineReward"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/rewards/claims/{claimId}/payout-approval": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Finance approves the payout; the payout module pays
         * @description Approves the determined amount and pays it through the payout adapter, exactly once
         *     (an idempotency key per payout; retries and restarts never pay twice). The payout
         *     module alone opens the reporter's payout envelope and checks that the bank account
         *     name matches the real name; a mismatch is a `422` and nothing is approved or paid.
         *     After a failed payout, approving again starts a new attempt.
         *     Roles: `finance`.
         */
        post: operations["approvePayout"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/unseal-requests": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Ask to open a reporter's sealed identity, or a sealed original, for an audit
         * @description Names a case, the legal basis and reason, and what to open (`target`: the reporter's
         *     identity by default, or a sealed evidence or text original of the case, see
         *     `docs/redaction.md`). The response carries a one-time key,
         *     shown only here: the k auditors' shares are sealed to it as they arrive, and only the
         *     holder of this key can open the result, once (`getUnsealRequest` with the
         *     `Ezhili-Unseal-Key` header). The request expires if not opened in time.
         *     Roles: `auditor`, `admin`.
         */
        post: operations["createUnsealRequest"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/unseal-requests/{unsealRequestId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * An unseal request's state; with its one-time key, the opened identity (once)
         * @description Auditors and admins see the state, the legal basis and which auditors have
         *     submitted shares. The requester who sends the request's one-time key in
         *     `Ezhili-Unseal-Key` once k auditors have approved receives the opened identity in
         *     this response, exactly once: the sealed shares are then destroyed, nothing opened is
         *     stored, and the reporter is told (through `getTip`) when and why.
         *     Roles: `auditor`, `admin`.
         *     City-wide: `auditor`, `admin`.
         */
        get: operations["getUnsealRequest"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/unseal-requests/{unsealRequestId}/original": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Download the sealed original an approved request opens (once)
         * @description For a request whose `target` is `evidence_original` or `text_original`: once k auditors
         *     have approved, the requester sends the one-time key in `Ezhili-Unseal-Key` and receives
         *     the original, exactly once (streamed): the evidence file as uploaded (unredacted,
         *     metadata included), or the text as it was before the redaction (`text/plain`). The
         *     audit private key is rebuilt in memory from the shares and wiped, the sealed shares are
         *     destroyed, the opening is audited, and the reporter is told through `getTip` (as for
         *     an identity). An identity request is opened with `getUnsealRequest` instead (`409`).
         *     Roles: `auditor`, `admin` (the requester only).
         *     City-wide: `auditor`, `admin`.
         */
        get: operations["openUnsealedOriginal"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/unseal-requests/{unsealRequestId}/shares": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * An auditor approves an unseal request with their key share
         * @description Auditors only, one share each. The share is checked against the audit key's share
         *     fingerprints (a forged share or a share of another key is a `422`), then sealed to
         *     the request's one-time key; the server never stores a share in the clear. The
         *     request is approved once k distinct auditors have submitted.
         *     Roles: `auditor`.
         */
        post: operations["submitUnsealShare"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/shops/search": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Search known shops by name (public listing data only)
         * @description For the whistleblow widget's shop picker: shops whose name contains `q`
         *     (case-insensitive), optionally in one district, best matches (name starts with
         *     `q`) first. Returns only what a platform shows publicly: name, address, district
         *     and the platform listing; never licence data, ratings, complaints or risk.
         */
        get: operations["searchShops"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/platforms/{platformId}/shop-feed": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                platformId: components["parameters"]["PlatformId"];
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Push shop listings (signed; JSON batch or NDJSON)
         * @description Upserts the platform's listings by `platformShopId`: name, address, district,
         *     licence, categories, rating, complaint count, online state. The body is either
         *     `{"shops": [ShopListing, ...]}` or NDJSON (`application/x-ndjson`, one ShopListing
         *     per line). Each row is checked on its own: bad rows (unknown district, bad dates,
         *     negative counts, missing name) are listed with their row number and reason while
         *     the good rows load. Sending the same batch again changes nothing.
         *
         *     A shop taken down after a violation comes back online only after the regulator
         *     approves a relisting request: a feed that would put such a shop online is refused
         *     whole with `409 relisting_not_approved` (each offending row in `errors`), nothing
         *     of it is loaded, and the attempt is recorded as a relisting breach on the
         *     platform's scorecard. Where the deployment makes this platform's feed authoritative
         *     (`RELISTING_AUTHORITATIVE_FEEDS`), the feed loads and the shop goes online, and the
         *     breach is recorded all the same.
         */
        post: operations["ingestShopFeed"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/risk/inspection-imports": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Import inspection records (streamed CSV or NDJSON)
         * @description Streams the body row by row (files of millions of rows are fine) and loads the
         *     records in batches. Columns are read through a column mapping: `mapping` names a
         *     shipped mapping (e.g. `sf-dph-inspections`); without it the columns must carry the
         *     canonical names (`date`, `licenceNumber` or `platformId` + `platformShopId`,
         *     `result`, `score`, `critical`, `serious`, `minor`, `violations`, `externalId`).
         *     Records link to shops by licence number or platform listing. Malformed rows are
         *     refused with row numbers and reasons; good rows load; importing the same file again
         *     creates no duplicates.
         *     Roles: `intake`, `admin`.
         */
        post: operations["importInspections"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/risk/covariate-imports": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Import a covariate data set keyed by area and date (streamed CSV or NDJSON)
         * @description Loads area-and-date data (complaints, sanitation requests, weather) that model
         *     features of source `covariate` aggregate over a trailing window, point in time. Each
         *     row is a `dataset`, an `area` (a shop's `area`; empty = everywhere, `*`), a `date` and a
         *     `value` (default 1: one event), read through a column mapping of kind `covariates`
         *     (`mapping`) or the canonical column names. Rows are keyed by their whole content, so
         *     importing a file again adds nothing.
         *     Roles: `intake`, `admin`.
         */
        post: operations["importRiskCovariates"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/risk/model": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The current risk model (or one version of it)
         * @description Roles: `intake`, `district_handler`, `detachment_handler`, `admin`. City-wide: `intake`, `district_handler`, `detachment_handler`, `admin` (the model is one for the city).
         */
        get: operations["getRiskModel"];
        /**
         * Replace the risk model (a new version)
         * @description Validates the whole model (known indicators, finite weights, ascending tier
         *     thresholds) and stores it as the next version; a model identical to the current one
         *     is answered with the current version (200) and stores nothing. Role `admin`.
         *     Roles: `admin`.
         */
        put: operations["putRiskModel"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/risk/runs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Score every shop (optionally turning the top tier into leads)
         * @description Scores every shop in the registry 0–100 with the current (or given) model, as of a
         *     date, in one set-based pass; each score records the model version and the
         *     per-indicator contributions. With `createLeads`, every shop of the model's lead tier
         *     that a platform lists becomes a `risk` lead for that platform, except shops that
         *     already have an open lead.
         *     Roles: `detachment_handler`, `admin`.
         */
        post: operations["createRiskRun"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/risk/runs/{runId}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                runId: string;
            };
            cookie?: never;
        };
        /**
         * One scoring run
         * @description One risk scoring run: its model version, state, counts and when it ran. Roles: `intake`, `district_handler`, `detachment_handler`, `admin`. City-wide: `intake`, `district_handler`, `detachment_handler`, `admin` (a run counts the whole city).
         */
        get: operations["getRiskRun"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/risk/shops": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Shops by risk, highest first
         * @description The scores of one run (default: the latest completed run), highest first, filtered
         *     by tier, district and platform. A `district_handler` sees only their district.
         *     Roles: `intake`, `district_handler`, `detachment_handler`, `admin`.
         *     City-wide: `intake`, `detachment_handler`, `admin`.
         */
        get: operations["listShopRisks"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/risk/shops/{shopId}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                shopId: string;
            };
            cookie?: never;
        };
        /**
         * One shop's score and why
         * @description The shop's score in one run (default the latest completed run) with every indicator's value and contribution. Roles: `intake`, `district_handler`, `detachment_handler`, `admin`. City-wide: `intake`, `detachment_handler`, `admin`.
         */
        get: operations["getShopRisk"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/risk/backtests": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Stored backtests, newest first
         * @description Summaries of the stored backtests (windows, AUCs, days earlier, warning codes). Roles: `admin`. City-wide: `admin`.
         */
        get: operations["listRiskBacktests"];
        put?: never;
        /**
         * Calibrate and tune on history, then measure the ranking on a held-out period
         * @description Windows by time (`train`, `validation`, `test`, each `[start, end)`; or `splitDate`):
         *     fits the model's indicator weights by L2-regularised logistic regression on the
         *     training window (features from data dated before each inspection only), chooses L2
         *     strength, half-life and minimum category count on the validation window only, refits
         *     on both, then scores every inspection of the test window — including those without
         *     an earlier record (`firstInspectionPolicy`) — and reports the model beside the
         *     previous-inspection baseline and a random ranking on the same rows: AUC, hit rates,
         *     share found in the first half, mean days earlier, ROC and lift curves, bootstrap
         *     intervals, and warnings. `calibrate: false` measures the model as it is. The result
         *     and the per-inspection scores are stored (`listRiskBacktests`,
         *     `exportRiskBacktestScores`).
         *     Roles: `admin`.
         */
        post: operations["createRiskBacktest"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/risk/backtests/{backtestId}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                backtestId: components["parameters"]["BacktestId"];
            };
            cookie?: never;
        };
        /**
         * One stored backtest, read back in full
         * @description The stored result, as `createRiskBacktest` answered it. Roles: `admin`. City-wide: `admin`.
         */
        get: operations["getRiskBacktest"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/risk/backtests/{backtestId}/scores": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                backtestId: components["parameters"]["BacktestId"];
            };
            cookie?: never;
        };
        /**
         * Per-inspection scores of a backtest (CSV or NDJSON)
         * @description Every test inspection, highest model score first: `recordKey`, `source`, `shopId`,
         *     `shopExternalId` (the platform listing id, else the licence number), `date`,
         *     `positive`, `score` (full precision), `baseline` (the previous-inspection value;
         *     empty without an earlier record) and `rank`. Streamed. The newest 20 backtests keep
         *     their scores; older ones answer 404 `risk_backtest_scores_gone`.
         *     Roles: `admin`.
         *     City-wide: `admin`.
         */
        get: operations["exportRiskBacktestScores"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/inspection-tasks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Inspection tasks of the caller's unit, highest priority first
         * @description Tasks a risk run made for shops of the caller's unit: a `district_handler` sees those
         *     of their district bureau, a `detachment_handler` those of the city enforcement
         *     detachment (shops without a district), an `admin` all. Open tasks come by `priority`
         *     (1 = inspect first); filter by `status`, `districtCode` and `runId`. A risk score is a
         *     reason to look, not a finding.
         *     Roles: `district_handler`, `detachment_handler`, `admin`.
         *     City-wide: `admin`.
         */
        get: operations["listInspectionTasks"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/inspection-tasks/{taskId}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                taskId: components["parameters"]["InspectionTaskId"];
            };
            cookie?: never;
        };
        /**
         * One inspection task with its explanation
         * @description A task outside the caller's unit is a `404`. Roles: `district_handler`, `detachment_handler`, `admin`. City-wide: `admin`.
         */
        get: operations["getInspectionTask"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/inspection-tasks/{taskId}/completion": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                taskId: components["parameters"]["InspectionTaskId"];
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Complete an inspection task with the inspection's outcome
         * @description Records what the inspection found. An inspection that took place (`violation_found`,
         *     `no_violation`) is also stored as an inspection record (source `inspection-task`), so
         *     the next calibration learns from it. A violation found here is not yet a take-down
         *     lead: open a case and close it with a confirmed violation for that. Completing a
         *     completed task is a `409`.
         *     Roles: `district_handler`, `detachment_handler`, `admin`.
         */
        post: operations["completeInspectionTask"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export interface webhooks {
    leadCreated: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * `lead.created`: a lead for the platform (sent to its webhook URL)
         * @description Standard Webhooks delivery, signed `v1a` (Ed25519 over
         *     `<webhook-id>.<webhook-timestamp>.<body>`) with the regulator's key from
         *     `/.well-known/jwks.json`. Answer 2xx once stored; anything else is retried with
         *     backoff for more than 24 hours; `410` disables the endpoint. De-duplicate on `webhook-id`.
         */
        post: operations["leadCreatedWebhook"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    relistingDecided: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** `relisting.decided`: the regulator approved or rejected a relisting request */
        post: operations["relistingDecidedWebhook"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    cardIssued: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** `card.issued`: a yellow or red card for the platform */
        post: operations["cardIssuedWebhook"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export interface components {
    schemas: {
        /** @description RFC 9457 problem details. Never carries personal data or stack traces. */
        Problem: {
            /**
             * @description A URI reference naming the problem type (see `docs/errors.md`).
             * @example https://ezhili.org/problems/validation
             */
            type: string;
            title: string;
            status: number;
            detail?: string;
            instance?: string;
            /** @description A stable machine-readable code, e.g. `validation`, `not_found`. */
            code?: string;
            /** @description The `X-Request-Id` of the request, for support. */
            requestId?: string;
            /** @description Individual validation failures. */
            errors?: components["schemas"]["ProblemFieldError"][];
        } & {
            [key: string]: unknown;
        };
        ProblemFieldError: {
            /** @description JSON Pointer (or `#/query/x`, `#/header/x`, `#/row/N`) to the bad value. */
            pointer: string;
            detail: string;
        };
        /** @description An OpenAPI 3.1 document (this contract); its full shape is the OpenAPI specification's. */
        OpenApiDocument: {
            openapi: string;
            info: {
                title: string;
                version: string;
            } & {
                [key: string]: unknown;
            };
            paths: {
                [key: string]: unknown;
            };
        } & {
            [key: string]: unknown;
        };
        Health: {
            /** @enum {string} */
            status: "ok" | "degraded";
            /** @enum {string} */
            database: "ok" | "unreachable";
            version: string;
            /** Format: date-time */
            time: string;
        };
        Jwk: {
            kty: string;
            kid: string;
            crv?: string;
            x?: string;
            y?: string;
            n?: string;
            e?: string;
            alg?: string;
            use?: string;
        } & {
            [key: string]: unknown;
        };
        Jwks: {
            keys: components["schemas"]["Jwk"][];
        };
        /** @description A six-digit administrative division code (GB/T 2260), e.g. `350102` (Gulou, Fuzhou). */
        DistrictCode: string;
        District: {
            code: components["schemas"]["DistrictCode"];
            nameZh: string;
            nameEn: string;
            cityCode: components["schemas"]["DistrictCode"];
        };
        /** @enum {string} */
        StaffRole: "intake" | "district_handler" | "detachment_handler" | "reward_committee" | "finance" | "auditor" | "admin";
        StaffLogin: {
            /** Format: email */
            email: string;
            password: string;
        };
        StaffSession: {
            token: string;
            /** @constant */
            tokenType: "Bearer";
            /** Format: date-time */
            expiresAt: string;
            staff: components["schemas"]["StaffMember"];
        };
        /** @description A console (cookie) session; the token itself is never in a body. */
        ConsoleSession: {
            staff: components["schemas"]["StaffMember"];
            /** @description Send it in `X-Ezhili-CSRF` with every unsafe cookie-authenticated request. */
            csrfToken: string;
            /**
             * @description How the session was opened (password or the identity provider).
             * @enum {string}
             */
            source: "local" | "oidc";
            idleTimeoutSeconds: number;
            /**
             * Format: date-time
             * @description When the session ends without further requests (never after `expiresAt`).
             */
            idleExpiresAt: string;
            /**
             * Format: date-time
             * @description The absolute end of the session, whatever the activity.
             */
            expiresAt: string;
        };
        StaffMember: {
            id: string;
            email: string;
            displayName: string;
            roles: components["schemas"]["StaffRole"][];
            /** @description The district a `district_handler` is bound to; null otherwise. */
            districtCode: components["schemas"]["DistrictCode"] | null;
        };
        /**
         * @description `case_in_queue`: a case arrived in the queue of the caller's unit; `case_assigned`: a case
         *     was assigned to the caller by name; `case_deadline_soon`: a case's acknowledgement or
         *     feedback deadline is near; `case_overdue`: it has passed; `lead_acknowledgement_overdue`
         *     and `lead_action_overdue`: a platform missed a lead's deadline.
         * @enum {string}
         */
        NotificationKind: "case_in_queue" | "case_assigned" | "case_deadline_soon" | "case_overdue" | "lead_acknowledgement_overdue" | "lead_action_overdue";
        /**
         * @description One notification to one staff member. No reporter data and no case content: the case's
         *     identity code, which deadline, its due day, and a console link (which names the
         *     notification, not the case, so a forwarded email carries no case id).
         */
        Notification: {
            /** @description Opaque (random, no time in it). */
            id: string;
            kind: components["schemas"]["NotificationKind"];
            /** @description The case's identity code; null for a lead that belongs to no case. */
            identityCode: string | null;
            caseId: string | null;
            leadId: string | null;
            /**
             * @description Which deadline the notification is about; for a new case, its next one (acknowledgement,
             *     or feedback once acknowledged). Never null today; nullable for kinds to come.
             * @enum {string|null}
             */
            deadline: "acknowledgement" | "feedback" | "lead_acknowledgement" | "lead_action" | null;
            /**
             * Format: date
             * @description The day the deadline falls, in the
             *     deployment's time zone (`NOTIFY_TIME_ZONE`). A day, not an instant: a case's deadlines
             *     are counted from the tip's arrival, and an instant would tell when it arrived.
             */
            dueDate: string;
            /**
             * Format: uri
             * @description The console page of this notification, which opens the case (or the lead's platform).
             */
            link: string;
            /** Format: date-time */
            readAt: string | null;
        };
        NotificationList: {
            items: components["schemas"]["Notification"][];
            unreadCount: number;
            nextCursor: string | null;
        };
        ReporterRealName: string;
        /**
         * @description An 18-character resident ID number (GB 11643): 17 digits and a check character
         *     (0-9 or X, ISO 7064 MOD 11-2), with a valid birth date. A lowercase x is accepted.
         */
        ResidentIdNumber: string;
        /** @description A mainland China mobile number; spaces, hyphens and a +86 prefix are accepted. */
        MainlandMobile: string;
        BankAccount: {
            bankName: string;
            /** @description 8 to 30 digits (spaces and hyphens are ignored). */
            accountNumber: string;
            /** @description The account holder; a payout requires it to equal the real name. */
            accountName: string;
        };
        ReporterRegistration: {
            realName: components["schemas"]["ReporterRealName"];
            residentId: components["schemas"]["ResidentIdNumber"];
            phone: components["schemas"]["MainlandMobile"];
            bankAccount: components["schemas"]["BankAccount"];
            passphrase: string;
        };
        ReporterLogin: {
            phone: string;
            passphrase: string;
        };
        ReporterSession: {
            /** @description Opaque; only its hash is stored. Send it as `Authorization: Bearer <token>`. */
            token: string;
            /** @constant */
            tokenType: "Bearer";
            /** Format: date-time */
            expiresAt: string;
        };
        ReporterProfile: {
            realName: string;
            residentId: string;
            phone: string;
            bankAccount: components["schemas"]["BankAccount"];
            /** Format: date-time */
            registeredAt: string;
            /** Format: date-time */
            updatedAt: string;
        };
        ReporterProfileUpdate: {
            currentPassphrase: string;
            realName?: components["schemas"]["ReporterRealName"];
            residentId?: components["schemas"]["ResidentIdNumber"];
            phone?: components["schemas"]["MainlandMobile"];
            /** @description The fields to change; the others stay. */
            bankAccount?: {
                bankName?: string;
                accountNumber?: string;
                accountName?: string;
            };
            newPassphrase?: string;
        };
        /** @description A partner's short name, lower-case letters, digits and hyphens, e.g. `demo`. */
        PartnerIdValue: string;
        /**
         * @description A web origin allowed to frame the widget: `https://host[:port]`, `https://*.example.com`
         *     (any subdomain), or `http://localhost:*` / `http://127.0.0.1:*` for development.
         * @example https://app.example-employer.cn
         * @example http://localhost:*
         */
        OriginPattern: string;
        Partner: {
            id: components["schemas"]["PartnerIdValue"];
            name: string;
            allowedOrigins: components["schemas"]["OriginPattern"][];
            enabled: boolean;
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            updatedAt: string;
        };
        PartnerRegistration: {
            id: components["schemas"]["PartnerIdValue"];
            name: string;
            allowedOrigins: components["schemas"]["OriginPattern"][];
        };
        PartnerUpdate: {
            name?: string;
            allowedOrigins?: components["schemas"]["OriginPattern"][];
            enabled?: boolean;
        };
        /**
         * @description A tip's identity code: a prefix, eight random Crockford base32 characters in two
         *     groups, and a mod-37 check character, e.g. `FZ-7K3M-Q9XD-K`. It stands in for the
         *     reporter everywhere staff look.
         * @example FZ-7K3M-Q9XD-K
         */
        IdentityCode: string;
        /**
         * @description A violation category from the deployment's configured list (`TIP_CATEGORIES`);
         *     the defaults are `no_valid_licence`, `unhygienic_kitchen`, `expired_or_spoiled_ingredients`,
         *     `illegal_additives`, `false_advertising`, `unsafe_delivery_packaging`, `other`.
         */
        ViolationCategory: string;
        /**
         * @description The shop, by platform and the platform's shop id (`TipShopOnPlatform`), or by name and
         *     address as the reporter knows them (`TipShopByAddress`); both may be given.
         */
        TipShop: components["schemas"]["TipShopOnPlatform"] | components["schemas"]["TipShopByAddress"];
        /** @description A shop named by its platform and the platform's shop id; name and address may be added. */
        TipShopOnPlatform: {
            /** @description The id of the delivery platform the shop trades on, e.g. `plt_demo`. */
            platformId: string;
            /** @description The shop's id on that platform. */
            platformShopId: string;
            name?: string;
            address?: string;
        };
        /** @description A shop named by name and address as the reporter knows them; the platform ids may be added. */
        TipShopByAddress: {
            /** @description The id of the delivery platform the shop trades on, e.g. `plt_demo`. */
            platformId?: string;
            /** @description The shop's id on that platform. */
            platformShopId?: string;
            name: string;
            address: string;
        };
        TipSubmission: {
            /** @description What was seen; must not be blank. */
            description: string;
            shop: components["schemas"]["TipShop"];
            districtCode: components["schemas"]["DistrictCode"];
            category: components["schemas"]["ViolationCategory"];
            /** Format: date-time */
            observedAt: string;
            /**
             * @description The reporter works (or worked) at the shop; raises the reward multiplier under some rules.
             * @default false
             */
            insider?: boolean;
            referral?: components["schemas"]["TipReferral"];
        };
        TipSubmissionMultipart: {
            /** @description A `TipSubmission` as JSON text. */
            tip: string;
            /** @description Photos (JPEG, PNG, WebP, HEIC) or videos (MP4, MOV); the type is sniffed from the bytes. */
            evidence?: string[];
        };
        EvidenceSummary: {
            id: string;
            contentType: string;
            size: number;
            /**
             * @description SHA-256 of the stored file, after metadata stripping; of the redacted photo once
             *     `redaction` is set (what `getEvidenceFile` returns).
             */
            sha256: string;
            /** @description Set in staff views once the photo was redacted; the file is then the redacted one. */
            redaction?: {
                id: string;
                version: number;
                /** Format: date-time */
                createdAt: string;
            };
        };
        TipDeadlines: {
            /** Format: date-time */
            acknowledgeBy: string;
            /** Format: date-time */
            feedbackBy: string;
            /** Format: date-time */
            acknowledgedAt: string | null;
            /** Format: date-time */
            feedbackGivenAt: string | null;
        };
        TipReceipt: {
            identityCode: components["schemas"]["IdentityCode"];
            /** @description Shown only in this response; only its hash is stored. Keep it with the identity code. */
            receiptSecret: string;
            /**
             * @description A compact JWS (EdDSA, `typ: ezhili-tip-receipt+jwt`) signed by the regulator over
             *     `{ iss, identityCode, submittedAt, descriptionSha256, evidence: [{ sha256, size, contentType }] }`;
             *     verify it with `/.well-known/jwks.json`.
             */
            receipt: string;
            /** Format: date-time */
            submittedAt: string;
            evidence: components["schemas"]["EvidenceSummary"][];
            deadlines: components["schemas"]["TipDeadlines"];
        };
        /** @enum {string} */
        CaseState: "received" | "triaged" | "investigating" | "closed";
        /**
         * @description How a closed case ended: `violation_confirmed` (with a penalty), `not_confirmed`,
         *     `referred` (to another authority), or at triage `rejected` (unfounded or out of
         *     scope) or `duplicate` (merged into another case).
         * @enum {string}
         */
        CaseOutcome: "violation_confirmed" | "not_confirmed" | "referred" | "rejected" | "duplicate";
        /**
         * @description Who holds the case: the intake queue, a district bureau, or the city enforcement detachment.
         * @enum {string}
         */
        CaseUnit: "intake" | "district_bureau" | "enforcement_detachment";
        Message: {
            id: string;
            /** @enum {string} */
            from: "reporter" | "handler";
            body: string;
            /** Format: date-time */
            sentAt: string;
            /** @description Files sent with the message (reporter replies only), in order; never their names. */
            attachments: components["schemas"]["MessageAttachment"][];
        };
        MessageAttachment: {
            /** @enum {string} */
            kind: "photo" | "video";
            /** @description Bytes of the stored file, after metadata stripping. */
            size: number;
        };
        /** @description A message as staff see it on the case; attachments name their evidence files. */
        CaseMessage: {
            id: string;
            /** @enum {string} */
            from: "reporter" | "handler";
            body: string;
            /** Format: date-time */
            sentAt: string;
            attachments: components["schemas"]["CaseMessageAttachment"][];
        };
        CaseMessageAttachment: {
            /** @description An evidence file of the case; download it with `getEvidenceFile`. */
            evidenceId: string;
            /** @enum {string} */
            kind: "photo" | "video";
            contentType: string;
            size: number;
            sha256: string;
        };
        MessageList: {
            items: components["schemas"]["Message"][];
        };
        NewMessage: {
            body: string;
        };
        NewMessageMultipart: {
            /** @description A `NewMessage` as JSON text. */
            message: string;
            /** @description Photos (JPEG, PNG, WebP, HEIC) or videos (MP4, MOV); the type is sniffed from the bytes. */
            evidence?: string[];
        };
        TipView: {
            identityCode: components["schemas"]["IdentityCode"];
            status: components["schemas"]["CaseState"];
            outcome: components["schemas"]["CaseOutcome"] | null;
            /** Format: date-time */
            submittedAt: string;
            category: components["schemas"]["ViolationCategory"];
            districtCode: components["schemas"]["DistrictCode"];
            deadlines: components["schemas"]["TipDeadlines"];
            messages: components["schemas"]["Message"][];
            /** @description The reward state once the case closed with a confirmed violation (filled by the rewards module); null before. */
            reward: components["schemas"]["ReporterRewardState"] | null;
            /** @description Each time the reporter's sealed identity was opened, when and why (EU 2019/1937 Art. 16). */
            identityAccessNotices: components["schemas"]["IdentityAccessNotice"][];
        };
        CaseShop: {
            /** @description The registry shop when the tip named a listed shop; null for a shop given by name and address. */
            shopId: string | null;
            platformId: string | null;
            platformShopId: string | null;
            name: string | null;
            address: string | null;
            districtCode: components["schemas"]["DistrictCode"];
        };
        CaseDeadlines: {
            /** Format: date-time */
            acknowledgeBy: string;
            /** Format: date-time */
            feedbackBy: string;
            /** Format: date-time */
            acknowledgedAt: string | null;
            /** Format: date-time */
            feedbackGivenAt: string | null;
            overdue: ("acknowledgement" | "feedback")[];
        };
        /** @description The fields every case view has. */
        CaseCore: {
            id: string;
            identityCode: components["schemas"]["IdentityCode"];
            /** @enum {string} */
            source: "tip" | "platform_lead";
            state: components["schemas"]["CaseState"];
            outcome: components["schemas"]["CaseOutcome"] | null;
            category: components["schemas"]["ViolationCategory"];
            districtCode: components["schemas"]["DistrictCode"];
            /** @enum {string|null} */
            classification: "general" | "complex" | null;
            assignedUnit: components["schemas"]["CaseUnit"];
            assignedDistrictCode: components["schemas"]["DistrictCode"] | null;
            /** @description The officer of the assigned unit who handles the case; null while nobody has taken it. */
            assignedOfficer: components["schemas"]["CaseOfficer"] | null;
            /** Format: date-time */
            receivedAt: string;
            /** Format: date-time */
            updatedAt: string;
            deadlines: components["schemas"]["CaseDeadlines"];
        };
        CaseOfficer: {
            id: string;
            displayName: string;
        };
        CaseOfficerAssignment: {
            /** @description The staff user to assign; null clears the assignment. */
            officerId: string | null;
            reason?: string;
        };
        Officer: {
            id: string;
            displayName: string;
            unit: components["schemas"]["CaseUnit"];
            /** @description The district of a district bureau's officer; null for the other units. */
            districtCode: components["schemas"]["DistrictCode"] | null;
        };
        OfficerList: {
            items: components["schemas"]["Officer"][];
        };
        CaseSummary: components["schemas"]["CaseCore"];
        /** @description Cases per state within the caller's unit, and the open ones past a deadline. */
        CaseCounts: {
            received: number;
            triaged: number;
            investigating: number;
            closed: number;
            overdue: number;
        };
        CaseRoutingRequest: {
            caseIds: string[];
            /** @enum {string} */
            classification: "general" | "complex";
            /** @description Required when a case is re-routed (it was triaged already); recorded for every case. */
            reason?: string;
        };
        CaseRoutingResult: {
            routed: components["schemas"]["CaseSummary"][];
        };
        CaseList: {
            items: components["schemas"]["CaseSummary"][];
            nextCursor: string | null;
        };
        CaseTransition: {
            id: string;
            /** Format: date-time */
            at: string;
            /** @enum {string} */
            action: "received" | "accept" | "reject" | "merge" | "investigate" | "close" | "reroute" | "assign_officer";
            fromState: components["schemas"]["CaseState"] | null;
            toState: components["schemas"]["CaseState"];
            /** @description `staff:<id>`, `system`, or `reporter` (never the reporter's account). */
            actor: string;
            details: {
                [key: string]: unknown;
            };
        };
        CaseNote: {
            id: string;
            authorStaffId: string;
            body: string;
            /** Format: date-time */
            createdAt: string;
        };
        /** @description A box in pixels of the image as displayed (after its orientation is applied). */
        RedactionRegion: {
            x: number;
            y: number;
            width: number;
            height: number;
        };
        EvidenceRedactionRequest: {
            regions: components["schemas"]["RedactionRegion"][];
            /** @description Why (for the audit log); no personal data. */
            reason: string;
        };
        EvidenceRedaction: {
            id: string;
            caseId: string;
            evidenceId: string;
            /** @description 1 for the first redaction of this file, 2 for the next, … */
            version: number;
            regions: components["schemas"]["RedactionRegion"][];
            reason: string;
            /** @description The redacted photo's type (PNG and WebP stay so; other photos become JPEG). */
            contentType: string;
            size: number;
            /** @description SHA-256 of the redacted photo, as downloaded. */
            sha256: string;
            redactedBy: string;
            /** Format: date-time */
            createdAt: string;
        };
        /** @description The text to mask. `description` is the case's own (no `id`); a `note` or `message` names its id. */
        TextRedactionTarget: {
            /** @enum {string} */
            type: "description" | "note" | "message";
            id?: string;
        };
        TextRange: {
            start: number;
            end: number;
        };
        TextRedactionRequest: {
            target: components["schemas"]["TextRedactionTarget"];
            ranges: components["schemas"]["TextRange"][];
            /** @description Why (for the audit log); no personal data. */
            reason: string;
        };
        TextRedaction: {
            id: string;
            caseId: string;
            target: components["schemas"]["TextRedactionTarget"];
            version: number;
            ranges: components["schemas"]["TextRange"][];
            reason: string;
            /** @description The text as everyone now reads it. */
            text: string;
            redactedBy: string;
            /** Format: date-time */
            createdAt: string;
        };
        /** @description One redaction of a case, as listed in the case view (the sealed originals are not). */
        CaseRedaction: {
            id: string;
            /** @enum {string} */
            kind: "evidence" | "text";
            target: {
                /** @enum {string} */
                type: "evidence" | "description" | "note" | "message";
                id: string | null;
            };
            version: number;
            reason: string;
            redactedBy: string;
            /** Format: date-time */
            createdAt: string;
        };
        NewCaseNote: {
            body: string;
        };
        CaseDetail: {
            description: string;
            /** Format: date-time */
            observedAt: string | null;
            shop: components["schemas"]["CaseShop"];
            /** @description The penalty (fine) in fen for a confirmed violation. */
            penaltyFen: number | null;
            closingSummary: string | null;
            mergedIntoCaseId: string | null;
            /** Format: date-time */
            closedAt: string | null;
            evidence: components["schemas"]["EvidenceSummary"][];
            transitions: components["schemas"]["CaseTransition"][];
            notes: components["schemas"]["CaseNote"][];
            messages: components["schemas"]["CaseMessage"][];
            /** @description The redactions of this case's photos and texts, oldest first. */
            redactions?: components["schemas"]["CaseRedaction"][];
            /** @description The case's legal hold, if any (`placeLegalHold`); null when there is none. */
            legalHold?: components["schemas"]["LegalHold"] | null;
        } & components["schemas"]["CaseCore"];
        TriageDecision: {
            /** @enum {string} */
            decision: "accept" | "reject" | "merge";
            /**
             * @description Required for `accept`.
             * @enum {string}
             */
            classification?: "general" | "complex";
            /** @description Required for `reject`; recorded for the others. */
            reason?: string;
            /** @description Required for `merge`. */
            duplicateOfCaseId?: string;
        };
        CaseTransitionRequest: {
            /** @enum {string} */
            action: "investigate" | "close" | "reroute";
            /**
             * @description Required for `close`.
             * @enum {string}
             */
            outcome?: "violation_confirmed" | "not_confirmed" | "referred";
            /** @description Required for `close` with `violation_confirmed`; in fen (1 yuan = 100 fen). */
            penaltyFen?: number;
            /** @description Required for `close`; the reporter sees the outcome, not this text. */
            summary?: string;
            /**
             * @description Required for `reroute`.
             * @enum {string}
             */
            classification?: "general" | "complex";
            districtCode?: components["schemas"]["DistrictCode"];
            /** @description Required for `reroute`. */
            reason?: string;
        };
        LegalHoldRequest: {
            /** @description Why the case must be kept (litigation, appeal, inspection); no reporter data. */
            reason: string;
        };
        /** @description A case kept out of retention deletion until released. */
        LegalHold: {
            caseId: string;
            reason: string;
            /** @description The staff id of who placed it. */
            placedBy: string;
            /** Format: date-time */
            placedAt: string;
        };
        LegalHoldRelease: {
            caseId: string;
            reason: string;
            releasedBy: string;
            /** Format: date-time */
            releasedAt: string;
        };
        /**
         * @description `evidence_originals`: the sealed, unstripped originals; `evidence_copies`: the stripped and redacted copies (and the evidence records); `messages`: the conversation with the reporter; `identities`: reporter accounts with their sealed identity (payout and audit envelopes); `closed_cases`: the case record itself (history, notes, tip, texts); `audit_events`: the content of audit events (tombstoned, the chain stays verifiable).
         * @enum {string}
         */
        RetentionCategory: "evidence_originals" | "evidence_copies" | "messages" | "identities" | "closed_cases" | "audit_events";
        RetentionCounts: {
            evidence_originals: number;
            evidence_copies: number;
            messages: number;
            identities: number;
            closed_cases: number;
            audit_events: number;
        };
        RetentionRun: {
            id: string;
            /** @enum {string} */
            trigger: "schedule" | "cli";
            /** Format: date-time */
            startedAt: string;
            /** Format: date-time */
            finishedAt: string | null;
            deleted: components["schemas"]["RetentionCounts"];
            casesAffected: number;
            /** @description The audit event that records the run's deletions (null when it deleted nothing). */
            auditSeq: number | null;
        };
        RetentionStatus: {
            /** Format: date-time */
            asOf: string;
            categories: {
                category: components["schemas"]["RetentionCategory"];
                days: number;
                /** @enum {string} */
                countsFrom: "case_closure" | "event_time";
                /** @description Records of this category a run would delete now (cases on legal hold excluded). */
                due: number;
            }[];
            heldCases: number;
            schedule: {
                /** @description Hours between scheduled runs (`RETENTION_RUN_HOURS`); 0 when only the CLI runs it. */
                everyHours: number;
            };
            lastRun: components["schemas"]["RetentionRun"] | null;
        };
        AuditEvent: {
            seq: number;
            id: string;
            /** Format: date-time */
            at: string;
            actor: {
                /** @enum {string} */
                type: "staff" | "reporter" | "platform" | "system";
                id: string;
            };
            action: string;
            subject: {
                type: string;
                id: string;
            } | null;
            details: {
                [key: string]: unknown;
            };
            prevHash: string;
            hash: string;
            /** @description Retention removed this event's content (`docs/retention.md`): actor id, subject and details are gone, seq, time, action and hash stay, and the chain still verifies through it. */
            tombstoned: boolean;
        };
        /** @description Events whose content retention removed; they still verify. */
        AuditTombstones: {
            events: number;
            /** @description The oldest 100 runs of consecutive tombstoned events. */
            ranges: {
                fromSeq: number;
                toSeq: number;
            }[];
            rangesTruncated: boolean;
        };
        AuditEventList: {
            items: components["schemas"]["AuditEvent"][];
            nextBeforeSeq: number | null;
        };
        /**
         * @description `incremental`: the events after the latest verified checkpoint; `full`: every event.
         * @enum {string}
         */
        AuditVerificationMode: "incremental" | "full";
        AuditVerification: {
            intact: boolean;
            mode: components["schemas"]["AuditVerificationMode"];
            /** @description Events whose hash this run recomputed. */
            eventsChecked: number;
            /** @description The run checked the events after this one (the checkpoint it started from; 0 for a full run). */
            fromSeq: number;
            headSeq: number | null;
            /** @description The recorded head's hash (hex). */
            headHash: string | null;
            firstBrokenSeq: number | null;
            reason: string | null;
            /** @description Checkpoints kept outside the database (and the one given) that the chain was checked against. */
            checkpointsChecked: number;
            /** @description The checkpoint signed at the head after this intact run (null when broken). */
            checkpoint: components["schemas"]["AuditCheckpoint"] | null;
            /** Format: date-time */
            verifiedAt: string;
            tombstoned?: components["schemas"]["AuditTombstones"];
        };
        AuditVerificationRequest: {
            mode?: components["schemas"]["AuditVerificationMode"];
            /** @description A signed checkpoint's `jws`, kept by the caller. */
            checkpoint?: string;
        };
        AuditVerificationJob: {
            id: string;
            mode: components["schemas"]["AuditVerificationMode"];
            /** @enum {string} */
            state: "running" | "completed" | "failed";
            /** @description `staff:<id>`, or `system` for the scheduled daily run. */
            requestedBy: string;
            /** Format: date-time */
            startedAt: string;
            /** Format: date-time */
            finishedAt: string | null;
            progress: {
                eventsChecked: number;
                eventsTotal: number | null;
            };
            result: components["schemas"]["AuditVerification"] | null;
            /** @description Why a failed job did not finish (not a broken chain, which is a result). */
            error: string | null;
        };
        AuditCheckpoint: {
            id: string;
            seq: number;
            /** @description The hash (hex) of event `seq`, the head when the checkpoint was signed. */
            hash: string;
            /** Format: date-time */
            createdAt: string;
            mode: components["schemas"]["AuditVerificationMode"];
            /**
             * @description Compact JWS (EdDSA, `typ: ezhili-audit-checkpoint+jwt`) over
             *     `{ "seq", "hash", "createdAt", "mode" }`, verifiable with the regulator's JWKS.
             */
            jws: string;
        };
        AuditCheckpointList: {
            items: components["schemas"]["AuditCheckpoint"][];
            nextCursor: string | null;
        };
        /**
         * @description Counts and durations for one scope (overall, or one district). Durations in hours, to
         *     two significant figures (0.1 h below 10 h, whole hours below 100 h). Case figures are
         *     about the cases received in the period, lead figures about the leads sent in it.
         */
        MetricsFigures: {
            /** @description Tips received in the period. */
            tips: number;
            /** @description Cases opened from platform-submitted leads in the period. */
            platformLeads: number;
            /** @description Cases received in the period that are closed now. */
            casesClosed: number;
            /** @description casesClosed / cases received in the period (办结率); null when none were received. */
            closureRate: number | null;
            ackHoursMedian: number | null;
            ackHoursP90: number | null;
            closeHoursMedian: number | null;
            closeHoursP90: number | null;
            /** @description Open cases past the acknowledgement deadline now. */
            overdueAcknowledgement: number;
            /** @description Open cases past the feedback deadline now. */
            overdueFeedback: number;
            openCases: number;
            /** @description Tips received in the period that intake accepted (受理). */
            tipsAccepted: number;
            /** @description Cases received in the period closed with a confirmed violation. */
            violationsConfirmed: number;
            /** @description Leads sent to platforms in the period. */
            leadsDispatched: number;
            /** @description Of those, the leads the platform has reported an action on. */
            leadsActioned: number;
            /** @description leadsActioned / leadsDispatched; null when no lead was sent. */
            leadClosureRate: number | null;
            leadToActionHoursMedian: number | null;
            leadToActionHoursP90: number | null;
            /** @description Shops taken offline in the period. */
            shopsTakenDown: number;
            relistingApproved: number;
            relistingRejected: number;
            rewardsClaimed: number;
            rewardsPaid: number;
            rewardsPaidFen: number;
        } & {
            [key: string]: unknown;
        };
        /** @description The figures of the whole scope, with rates per day and the cards issued. */
        MetricsOverall: {
            days: number;
            tipsPerDay: number;
            /** @description leadsDispatched / days, to one decimal. */
            leadsPerDay: number;
            yellowCards: number;
            redCards: number;
        } & components["schemas"]["MetricsFigures"];
        /**
         * @description One UTC day: every counted figure of `MetricsFigures` under its name (`tips`,
         *     `tipsAccepted`, `casesClosed`, `leadsDispatched`, `leadsActioned`, `shopsTakenDown`,
         *     `rewardsPaid`, …), counted as in the figures, so the days add up to the period.
         */
        MetricsDay: {
            /** Format: date */
            date: string;
            tips: number;
            platformLeads: number;
        } & {
            [key: string]: number;
        };
        /** @description One calendar month (clipped to the period), with the same figures as a day. */
        MetricsMonth: {
            month: string;
            tips: number;
            platformLeads: number;
        } & {
            [key: string]: number;
        };
        /**
         * @description Figures by where a case or lead came from: `reporter` (tips), `platform` (leads a
         *     platform reported), `risk` (risk runs' priority checks), `regulator` (the regulator's own
         *     leads on a shop).
         */
        MetricsSourceFigures: {
            /** @enum {string} */
            source: "reporter" | "platform" | "risk" | "regulator";
            casesReceived: number;
            casesClosed: number;
            closureRate: number | null;
            closeHoursMedian: number | null;
            leadsDispatched: number;
            leadsActioned: number;
            leadClosureRate: number | null;
            leadToActionHoursMedian: number | null;
        };
        /**
         * @description One platform: the cases about its shops, the leads sent to it and what it did with them,
         *     take-downs, relisting decisions and its cards.
         */
        MetricsPlatformFigures: {
            platformId: string;
            name: string;
            casesReceived: number;
            casesClosed: number;
            closureRate: number | null;
            leadsDispatched: number;
            leadsAcknowledgedInTime: number;
            leadsActioned: number;
            leadClosureRate: number | null;
            leadToActionHoursMedian: number | null;
            leadToActionHoursP90: number | null;
            /** @description Leads sent in the period that the platform answered with a take-down. */
            leadTakeDowns: number;
            shopsTakenDown: number;
            relistingApproved: number;
            relistingRejected: number;
            yellowCards: number;
            redCards: number;
        };
        Metrics: {
            /** Format: date */
            from: string;
            /** Format: date */
            to: string;
            /** Format: date-time */
            generatedAt: string;
            /** @description The district the figures are narrowed to, or null for all. */
            districtCode: components["schemas"]["DistrictCode"] | null;
            overall: components["schemas"]["MetricsOverall"];
            perDay: components["schemas"]["MetricsDay"][];
            perMonth: components["schemas"]["MetricsMonth"][];
            districts: ({
                districtCode: components["schemas"]["DistrictCode"];
            } & components["schemas"]["MetricsFigures"])[];
            bySource: components["schemas"]["MetricsSourceFigures"][];
            byPlatform: components["schemas"]["MetricsPlatformFigures"][];
            /**
             * @description Figures by module (`platforms`: per-platform lead figures as before, `rewards`:
             *     eligible tips, claims, determinations, payouts) and any other module's contribution.
             *     Same rule: counts and durations only.
             */
            sections: {
                [key: string]: {
                    [key: string]: unknown;
                };
            };
        };
        /**
         * @description One row of the public document. A null is a withheld cell (named in `suppressed`);
         *     durations are hours to two significant figures; `rewardsPaidYuan` is whole yuan.
         */
        TransparencyFigures: {
            tipsReceived: number | null;
            tipsAccepted: number | null;
            platformLeads: number | null;
            casesClosed: number | null;
            closureRate: number | null;
            closeHoursMedian: number | null;
            violationsConfirmed: number | null;
            leadsDispatched: number | null;
            leadsActioned: number | null;
            leadClosureRate: number | null;
            leadToActionHoursMedian: number | null;
            shopsTakenDown: number | null;
            relistingApproved: number | null;
            relistingRejected: number | null;
            rewardsPaid: number | null;
            rewardsPaidYuan: number | null;
            yellowCards: number | null;
            redCards: number | null;
            suppressed: string[];
        };
        TransparencyReport: {
            /** Format: date-time */
            generatedAt: string;
            /**
             * Format: date
             * @description The first recorded day (the launch).
             */
            from: string;
            /** Format: date */
            to: string;
            minimumCount: number;
            overall: components["schemas"]["TransparencyFigures"];
            byYear: ({
                year: number;
            } & components["schemas"]["TransparencyFigures"])[];
            byDistrict: ({
                districtCode: components["schemas"]["DistrictCode"];
                nameZh: string;
                nameEn: string;
            } & components["schemas"]["TransparencyFigures"])[];
        };
        /**
         * @description Where a partner shows the scheme.
         * @enum {string}
         */
        EntryPoint: "splash" | "banner" | "in_app";
        /**
         * @description The partner and entry point the reporter came through. Not stored with the tip: it only
         *     adds one to that month's counter (`getReferralCounts`).
         */
        TipReferral: {
            partnerId: string;
            entryPoint: components["schemas"]["EntryPoint"];
        };
        PartnerEntryPoints: {
            partnerId: string;
            items: {
                entryPoint: components["schemas"]["EntryPoint"];
                /** Format: uri */
                url: string;
                /** @description The link as a QR code, an SVG document. */
                qrSvg: string;
            }[];
        };
        ReferralCounts: {
            from: string | null;
            to: string | null;
            minimumCount: number;
            items: {
                partnerId: string;
                entryPoint: components["schemas"]["EntryPoint"];
                /** @description null when from 1 to minimumCount - 1. */
                tips: number | null;
            }[];
        };
        /** @description A person at the platform the regulator can reach about leads. */
        PlatformContact: {
            name: string;
            /** Format: email */
            email: string;
            phone?: string;
            role?: string;
        };
        /** @description Exactly one of `jwks` and `jwksUrl`. */
        PlatformRegistration: {
            name: string;
            jwks?: components["schemas"]["Jwks"];
            /** Format: uri */
            jwksUrl?: string;
            /** Format: uri */
            webhookUrl?: string | null;
            contacts: components["schemas"]["PlatformContact"][];
        };
        /** @description Fields to change. Setting `jwks` clears `jwksUrl` and the other way round. */
        PlatformUpdate: {
            name?: string;
            jwks?: components["schemas"]["Jwks"];
            /** Format: uri */
            jwksUrl?: string;
            /** Format: uri */
            webhookUrl?: string | null;
            webhookEnabled?: boolean;
            contacts?: components["schemas"]["PlatformContact"][];
        };
        Platform: {
            id: string;
            name: string;
            jwks: components["schemas"]["Jwks"] | null;
            jwksUrl: string | null;
            webhookUrl: string | null;
            webhookEnabled: boolean;
            webhookDisabledReason: string | null;
            contacts: components["schemas"]["PlatformContact"][];
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            updatedAt: string;
        };
        /** @enum {string} */
        WebhookDeliveryState: "pending" | "delivered" | "dead";
        WebhookSecretRotation: {
            /**
             * @description How long the previous secret keeps signing beside the new one (0 to 7 days).
             * @default 86400
             */
            overlapSeconds?: number;
        };
        WebhookSecret: {
            /** @description The Standard Webhooks secret, `whsec_` and 32 random bytes in base64. Shown only here. */
            secret: string;
            /** Format: date-time */
            createdAt: string;
            /**
             * Format: date-time
             * @description Until when the previous secret also signs; null when there was none.
             */
            previousSecretExpiresAt: string | null;
        };
        /** @description One message of the outbox; `id` is its `webhook-id`. */
        WebhookDelivery: {
            id: string;
            platformId: string;
            eventType: components["schemas"]["WebhookEventType"];
            state: components["schemas"]["WebhookDeliveryState"];
            attempts: number;
            /** Format: date-time */
            nextAttemptAt: string | null;
            /** @description HTTP status of the last attempt; null when it got no response. */
            lastStatus: number | null;
            lastError: string | null;
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            deliveredAt: string | null;
        };
        /** @enum {string} */
        WebhookEventType: "lead.created" | "relisting.decided" | "card.issued";
        /** @description The body of a `lead.created` webhook: a lead for the platform to act on. */
        LeadCreatedEvent: {
            /** @constant */
            type: "lead.created";
            /**
             * Format: date-time
             * @description When the event happened.
             */
            timestamp: string;
            data: components["schemas"]["Lead"];
        };
        /** @description The body of a `relisting.decided` webhook: the regulator approved or rejected a relisting request. */
        RelistingDecidedEvent: {
            /** @constant */
            type: "relisting.decided";
            /**
             * Format: date-time
             * @description When the event happened.
             */
            timestamp: string;
            data: components["schemas"]["RelistingRequest"];
        };
        /** @description The body of a `card.issued` webhook: a yellow or red card issued to the platform. */
        CardIssuedEvent: {
            /** @constant */
            type: "card.issued";
            /**
             * Format: date-time
             * @description When the event happened.
             */
            timestamp: string;
            data: components["schemas"]["PlatformCard"];
        };
        /** @description Evidence the platform keeps (a screenshot, a document); referenced by URL and/or hash. */
        PlatformEvidence: {
            description: string;
            /** Format: uri */
            url?: string;
            sha256?: string;
            mediaType?: string;
        };
        /**
         * @description The platform's verified signature, stored with the record it created: the
         *     `Ezhili-Signature` header as received and the SHA-256 of the exact signed body.
         */
        Attestation: {
            kid: string;
            /** @enum {string} */
            alg: "EdDSA" | "ES256";
            jti: string;
            /** Format: date-time */
            signedAt: string;
            signature: string;
            bodySha256: string;
        };
        /** @enum {string} */
        LeadSource: "case" | "shop" | "risk";
        /** @enum {string} */
        LeadStatus: "open" | "acknowledged" | "actioned";
        LeadDeadlines: {
            acknowledgeWithinSeconds: number;
            actionWithinSeconds: number;
        };
        /** @description A lead from a case (`caseId`, the case's shop) or from a shop (`shopId`). */
        LeadCreate: {
            /** @enum {string} */
            source: "case" | "shop";
            caseId?: string;
            shopId?: string;
            summary: string;
            violationCategory?: components["schemas"]["ViolationCategory"];
            deadlines?: components["schemas"]["LeadDeadlines"];
        };
        Lead: {
            /** @description Random, unique per lead, encoding no time: the platform's reference for the lead. */
            id: string;
            platformId: string;
            shopId: string;
            platformShopId: string | null;
            shopName: string;
            /**
             * @description The case behind the lead, for staff only. Always `null` in what a platform receives
             *     (its API calls and webhooks): a case id joins the leads of one case and, being
             *     time-ordered, would date the tip behind it.
             */
            caseId: string | null;
            source: components["schemas"]["LeadSource"];
            summary: string;
            violationCategory: string | null;
            /**
             * @description What the lead rests on: `confirmed_violation` — a case closed with a confirmed
             *     violation; `priority_check` — the risk index ranks the shop high (a reason to review
             *     the listing, never a finding); `official_report` — an official's report or a case
             *     still under investigation.
             * @enum {string}
             */
            basis: "confirmed_violation" | "priority_check" | "official_report";
            /**
             * @description `take_down` only for a confirmed violation; otherwise `review` the listing.
             * @enum {string}
             */
            requestedAction: "take_down" | "review";
            status: components["schemas"]["LeadStatus"];
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            acknowledgeDueAt: string;
            /** Format: date-time */
            actionDueAt: string;
            /** Format: date-time */
            acknowledgedAt: string | null;
            action: components["schemas"]["LeadAction"] | null;
            /** @description Whether a deadline has passed without the step (or the step came late). */
            overdue: {
                acknowledge: boolean;
                action: boolean;
            };
        };
        LeadAcknowledgement: {
            note?: string;
        };
        /**
         * @description `taken_down`: the shop was taken offline at `at`; `rectification_ordered`: the shop
         *     was told to fix the violation and stays online; `no_violation_found`; `shop_not_found`.
         * @enum {string}
         */
        LeadActionKind: "taken_down" | "rectification_ordered" | "no_violation_found" | "shop_not_found";
        LeadActionReport: {
            action: components["schemas"]["LeadActionKind"];
            /**
             * Format: date-time
             * @description When the platform acted (e.g. took the shop down).
             */
            at: string;
            evidence?: components["schemas"]["PlatformEvidence"][];
            note?: string;
        };
        LeadAction: {
            leadId: string;
            action: components["schemas"]["LeadActionKind"];
            /** Format: date-time */
            at: string;
            evidence: components["schemas"]["PlatformEvidence"][];
            note: string | null;
            /** Format: date-time */
            reportedAt: string;
            attestation: components["schemas"]["Attestation"];
        };
        PlatformLeadSubmission: {
            /** @description The shop as the platform lists it. */
            platformShopId: string;
            shopName?: string;
            shopAddress?: string;
            districtCode?: components["schemas"]["DistrictCode"];
            violationCategory: components["schemas"]["ViolationCategory"];
            description: string;
            /** Format: date-time */
            observedAt?: string;
            evidence?: components["schemas"]["PlatformEvidence"][];
        };
        /**
         * @description The regulator's receipt for a platform's submission. `id` (random, encoding no time) is
         *     the platform's reference for it; the case it opened stays internal.
         */
        PlatformLeadReceipt: {
            id: string;
            /** Format: date-time */
            receivedAt: string;
            attestation: components["schemas"]["Attestation"];
        };
        /** @enum {string} */
        RelistingStatus: "pending" | "approved" | "rejected";
        /** @description The platform's compliance review of the shop. */
        RelistingReview: {
            checklist: {
                item: string;
                passed: boolean;
                note?: string;
            }[];
            licence: {
                number: string;
                /** Format: date */
                expiresOn?: string;
            };
            rectificationEvidence: components["schemas"]["PlatformEvidence"][];
            summary: string;
        };
        RelistingRequestCreate: {
            /** @description The regulator's shop id (as in the lead). */
            shopId: string;
            review: components["schemas"]["RelistingReview"];
        };
        RelistingDecisionCreate: {
            /** @enum {string} */
            outcome: "approved" | "rejected";
            reasons: string;
        };
        RelistingRequest: {
            id: string;
            platformId: string;
            shopId: string;
            status: components["schemas"]["RelistingStatus"];
            review: components["schemas"]["RelistingReview"];
            /** Format: date-time */
            submittedAt: string;
            attestation: components["schemas"]["Attestation"];
            decision: null | {
                /** @enum {string} */
                outcome: "approved" | "rejected";
                reasons: string;
                /** Format: date-time */
                decidedAt: string;
            };
        };
        ShopRelistingStatus: {
            shopId: string;
            /** @description Whether the shop was taken down after a violation and not yet cleared. */
            takenDown: boolean;
            /** Format: date-time */
            takenDownAt: string | null;
            relistable: boolean;
            /** @enum {string} */
            reason: "never_taken_down" | "awaiting_request" | "request_pending" | "request_rejected" | "request_approved";
            latestRequestId: string | null;
        };
        ScorecardPeriod: string;
        /** @enum {string} */
        CardColor: "yellow" | "red";
        PlatformScorecard: {
            platformId: string;
            period: components["schemas"]["ScorecardPeriod"];
            /** Format: date-time */
            from: string;
            /** Format: date-time */
            to: string;
            /** @description Leads created in the period. */
            leadsReceived: number;
            acknowledged: number;
            acknowledgedInTime: number;
            /** @description acknowledgedInTime / leadsReceived; null without leads. */
            acknowledgedInTimeRate: number | null;
            /** @description Leads of the period answered with `taken_down`. */
            takeDowns: number;
            takeDownsInTime: number;
            /** @description takeDownsInTime / takeDowns; null without take-downs. */
            takeDownInTimeRate: number | null;
            medianLeadToActionSeconds: number | null;
            relisting: {
                approved: number;
                rejected: number;
                pending: number;
                /**
                 * @description Take-downs first found breached in the period: the platform put (or tried to
                 *     put) the shop online again without an approved relisting request, through its
                 *     feed or as found by the reconciliation job. Counts toward cards
                 *     (`count_at_least` rules on `relistingBreaches`).
                 */
                breaches: number;
            };
            cards: {
                yellow: number;
                red: number;
            };
            /** @description Cards the configured rules propose for this period; staff decide whether to issue them. */
            proposedCards: {
                color: components["schemas"]["CardColor"];
                ruleId: string;
                reason: string;
            }[];
        };
        PlatformCardIssue: {
            color: components["schemas"]["CardColor"];
            reason: string;
            period?: components["schemas"]["ScorecardPeriod"];
            ruleId?: string;
        };
        PlatformCard: {
            id: string;
            platformId: string;
            color: components["schemas"]["CardColor"];
            reason: string;
            period: components["schemas"]["ScorecardPeriod"];
            ruleId: string | null;
            /** Format: date-time */
            issuedAt: string;
        };
        /** @description An amount of money in fen (1 yuan = 100 fen), always an integer. */
        MoneyFen: number;
        /** @description A reward level of the rule (1 is the highest). */
        RewardLevelNumber: number;
        RewardLevelRule: {
            level: components["schemas"]["RewardLevelNumber"];
            description: string;
            /** @description The share of the fines and confiscations, in basis points (500 = 5%). */
            percentBasisPoints: number;
            minimumFen: components["schemas"]["MoneyFen"];
        };
        RewardEligibilityCondition: {
            code: string;
            description: string;
        };
        /**
         * @description A reward profile: rules as data. Ship your own as a JSON file (`REWARD_PROFILE_FILE`);
         *     it is validated against this schema at start-up.
         */
        RewardRules: {
            id: string;
            name: string;
            /** @description The legal text the profile restates. */
            source: string;
            /** @constant */
            currency: "CNY";
            levels: components["schemas"]["RewardLevelRule"][];
            perCaseCapFen: components["schemas"]["MoneyFen"];
            /** @description How far the amount of an internal whistleblower may be raised (2 = up to twice). */
            internalWhistleblowerMaxMultiplier: number;
            /**
             * @description Percentages are applied to the basis in fen and rounded half up to a whole fen.
             * @constant
             */
            rounding: "half_up_to_fen";
            /** @description Working days after the reporter is notified (the case closed) within which a claim is accepted. */
            claimWindowWorkingDays: number;
            /** @description Working days after the claim within which the committee must determine the amount. */
            determinationWorkingDays: number;
            eligibility: {
                /** @description Case outcomes that make a tip eligible (checked by the server). */
                outcomes: components["schemas"]["CaseOutcome"][];
                /** @description Conditions the handler and the committee check and cite (not machine-checked). */
                conditions: components["schemas"]["RewardEligibilityCondition"][];
            };
        };
        RewardRulesView: {
            rules: components["schemas"]["RewardRules"];
            calendar: {
                /** @description The UTC offset deadlines are counted in, e.g. `+08:00`. */
                timeZone: string;
                /** @constant */
                workingDays: "Mon-Fri";
                holidays: string[];
                /** @description Weekend days that are working days (make-up days). */
                extraWorkingDays: string[];
            };
        };
        /**
         * @description `claimed` → `proposed` (handler) → `determined` (committee) → `payout_pending`
         *     (finance approved) → `paid` or `payout_failed`.
         * @enum {string}
         */
        RewardClaimState: "claimed" | "proposed" | "determined" | "payout_pending" | "paid" | "payout_failed";
        RewardClaimRequest: {
            /**
             * @description For an anonymous tip claimed without a reporter session: the login (phone and
             *     passphrase) of the reporter account to pay. Checked like a login (rate-limited).
             */
            attachAccount?: {
                phone: string;
                passphrase: string;
            };
        };
        /** @description The reporter's view of the reward for one tip. */
        ReporterRewardState: {
            /**
             * @description `claimable` until the claim deadline, then `claim_expired`; after a claim, the claim's state.
             * @enum {string}
             */
            status: "claimable" | "claim_expired" | "claimed" | "proposed" | "determined" | "payout_pending" | "paid" | "payout_failed";
            /** Format: date-time */
            claimDeadline: string;
            /** Format: date-time */
            claimedAt: string | null;
            level: components["schemas"]["RewardLevelNumber"] | null;
            amountFen: components["schemas"]["MoneyFen"] | null;
            payoutFailureReason: string | null;
            /**
             * @description What the reporter must do for the reward to be paid.
             * @enum {string|null}
             */
            actionRequired: "attach_account" | "fix_account_name" | null;
            /** Format: date-time */
            paidAt: string | null;
        };
        RewardAmountBounds: {
            minFen: components["schemas"]["MoneyFen"];
            maxFen: components["schemas"]["MoneyFen"];
        };
        /** @description The staff view of a claim. The identity code stands in for the reporter. */
        RewardClaim: {
            id: string;
            identityCode: components["schemas"]["IdentityCode"];
            caseId: string;
            state: components["schemas"]["RewardClaimState"];
            profileId: string;
            basisFen: components["schemas"]["MoneyFen"];
            level: components["schemas"]["RewardLevelNumber"] | null;
            internalWhistleblower: boolean | null;
            proposalReasons: string | null;
            ruleAmountFen: components["schemas"]["MoneyFen"] | null;
            amountBounds: components["schemas"]["RewardAmountBounds"] | null;
            amountFen: components["schemas"]["MoneyFen"] | null;
            deviationReason: string | null;
            /** Format: date-time */
            claimedAt: string;
            /** Format: date-time */
            determinationDueAt: string;
            /** @description Past the determination deadline without a determination. */
            overdue: boolean;
            /** Format: date-time */
            proposedAt: string | null;
            /** Format: date-time */
            determinedAt: string | null;
            /** Format: date-time */
            approvedAt: string | null;
            payout: components["schemas"]["PayoutSummary"] | null;
        };
        PayoutSummary: {
            id: string;
            /** @enum {string} */
            state: "pending" | "submitting" | "paid" | "failed";
            amountFen: components["schemas"]["MoneyFen"];
            failureReason: string | null;
            attempts: number;
            /** Format: date-time */
            paidAt: string | null;
        };
        RewardClaimList: {
            items: components["schemas"]["RewardClaim"][];
        };
        RewardProposal: {
            level: components["schemas"]["RewardLevelNumber"];
            /** @description The reporter is an insider of the shop (raises the rule's bounds). */
            internalWhistleblower: boolean;
            reasons: string;
        };
        RewardDetermination: {
            amountFen?: components["schemas"]["MoneyFen"];
            /** @description Required when `amountFen` differs from the rule's amount. */
            reason?: string;
        };
        PayoutApproval: {
            note?: string;
        };
        /** @description One opening of the reporter's sealed identity (EU 2019/1937 Art. 16). */
        IdentityAccessNotice: {
            /** Format: date-time */
            accessedAt: string;
            legalBasis: string;
            reason: string;
            /** @description How many auditors approved the opening. */
            approvals: number;
            /**
             * @description What was opened (absent in notices from before originals could be opened; those were the identity).
             * @enum {string}
             */
            opened?: "identity" | "evidence_original" | "text_original";
        };
        /**
         * @description `pending` → `approved` (k shares) → `opened` (once); `expired` when not opened in time.
         * @enum {string}
         */
        UnsealRequestState: "pending" | "approved" | "opened" | "expired";
        UnsealRequestCreate: {
            caseId: string;
            /** @description The legal provision or order the opening rests on. */
            legalBasis: string;
            reason: string;
            target?: components["schemas"]["UnsealTarget"];
        };
        /**
         * @description What the request opens: the reporter's sealed `identity` (the default), the sealed
         *     original of an evidence file (`evidence_original`: the file as uploaded, unredacted, with
         *     its metadata; name `evidenceId`), or a text as it was before a redaction
         *     (`text_original`: name the text redaction's `redactionId`). Originals are downloaded
         *     with `openUnsealedOriginal`.
         */
        UnsealTarget: {
            /** @enum {string} */
            type: "identity" | "evidence_original" | "text_original";
            evidenceId?: string;
            redactionId?: string;
        };
        UnsealShareSubmission: {
            /** @description The auditor's share, `EZA1.<kid>.<base64url>`. */
            share: string;
        };
        /** @description The reporter's identity as sealed at registration; returned once, to the requester only. */
        UnsealedIdentity: {
            realName: string;
            residentId: string;
            phone: string;
            bankAccount: {
                bankName: string;
                accountNumber: string;
                accountName: string;
            };
            /** @description The version of the sealed identity that was opened (the latest on file). */
            identityVersion: number;
        };
        UnsealRequestCore: {
            id: string;
            caseId: string;
            target: components["schemas"]["UnsealTarget"];
            identityCode: components["schemas"]["IdentityCode"];
            legalBasis: string;
            reason: string;
            state: components["schemas"]["UnsealRequestState"];
            threshold: number;
            approvals: {
                auditorId: string;
                /** Format: date-time */
                submittedAt: string;
            }[];
            requestedBy: string;
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            expiresAt: string;
            /** Format: date-time */
            openedAt: string | null;
            /** @description Present once, in the response that opens the request for its requester. */
            identity?: components["schemas"]["UnsealedIdentity"] | null;
        };
        UnsealRequest: components["schemas"]["UnsealRequestCore"];
        UnsealRequestCreated: components["schemas"]["UnsealRequestCore"] & {
            /** @description The requester's one-time X25519 private key (base64url), shown only here. */
            oneTimeKey: string;
        };
        /** @description A shop's public listing data, as a platform shows it to diners. */
        ShopSearchHit: {
            id: string;
            name: string;
            address: string | null;
            districtCode: string | null;
            platformId: string | null;
            platformShopId: string | null;
        };
        /**
         * @description One listing in a shop feed. Checked row by row by the server (not by the request
         *     schema), so one bad row never blocks the batch. Dates are `YYYY-MM-DD`.
         */
        ShopListing: {
            platformShopId: string;
            name: string;
            address?: string | null;
            /** @description A district of the deployment's reference data (`listDistricts`); unknown codes are refused. */
            districtCode?: string | null;
            licenceNumber?: string | null;
            /** Format: date */
            licenceExpiry?: string | null;
            /** Format: date */
            licenceIssued?: string | null;
            categories?: string[];
            rating?: number | null;
            complaintCount?: number;
            online?: boolean;
            /** @description The source's own area (postal code, ward, community area) that area-level covariates are keyed by. */
            area?: string | null;
            /** @description Any other attribute (facility type, seats, licence kinds …) for the risk model's data-declared features; strings, numbers, booleans or lists of strings. */
            extra?: {
                [key: string]: (string | number | boolean | null) | string[];
            };
        };
        ShopFeedBatch: {
            /** @description ShopListing objects; each is checked on its own (a bad row is reported, not fatal). */
            shops: (components["schemas"]["ShopListing"] | Record<string, never>)[];
        };
        RowRejection: {
            /** @description The record's number in the file or batch, 1-based, not counting a CSV header. */
            row: number;
            field?: string;
            reason: string;
        };
        ShopFeedResult: {
            received: number;
            created: number;
            updated: number;
            unchanged: number;
            rejected: number;
            /** @description The first 100 refused rows. */
            rejections: components["schemas"]["RowRejection"][];
        };
        InspectionImportResult: {
            importId: string;
            source: string;
            mapping: string;
            rowsRead: number;
            inserted: number;
            /** @description Records already loaded (same source and record key); skipped. */
            duplicates: number;
            rejected: number;
            rejectedByReason: {
                [key: string]: number;
            };
            /** @description The first 100 refused rows. */
            rejections: components["schemas"]["RowRejection"][];
        };
        CovariateImportResult: {
            importId: string;
            datasets: string[];
            rowsRead: number;
            inserted: number;
            duplicates: number;
            rejected: number;
            rejectedByReason: {
                [key: string]: number;
            };
            rejections: components["schemas"]["RowRejection"][];
        };
        /**
         * @description `violation_found`, `no_violation`, `shop_closed` (no longer trading), `shop_not_found`.
         * @enum {string}
         */
        InspectionTaskOutcome: "violation_found" | "no_violation" | "shop_closed" | "shop_not_found";
        InspectionTaskCompletion: {
            outcome: components["schemas"]["InspectionTaskOutcome"];
            /**
             * Format: date
             * @description The day of the inspection (default today).
             */
            inspectedOn?: string;
            critical?: number;
            serious?: number;
            minor?: number;
            note?: string;
        };
        InspectionTask: {
            id: string;
            shopId: string;
            shopName: string;
            address: string | null;
            /** @enum {string} */
            assignedUnit: "district_bureau" | "enforcement_detachment";
            districtCode: string | null;
            riskRunId: string;
            modelVersion: number;
            score: number;
            tier: components["schemas"]["RiskTier"];
            /** @description Rank within the unit at the run (1 = inspect first). */
            priority: number;
            /**
             * @description Why the task exists; a risk score is a reason to look, never a finding.
             * @enum {string}
             */
            basis: "risk_score";
            /** @description The score's largest contributions when the task was made. */
            explanation: components["schemas"]["RiskContribution"][];
            /** @enum {string} */
            status: "open" | "completed";
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            completedAt: string | null;
            outcome: components["schemas"]["InspectionTaskOutcome"] | null;
            completion: {
                /** Format: date */
                inspectedOn: string;
                critical: number;
                serious: number;
                minor: number;
                note: string | null;
                inspectionRecorded: boolean;
            } | null;
        };
        /**
         * @description An indicator of the catalogue; see `docs/risk-index.md` for each definition.
         * @enum {string}
         */
        RiskIndicatorId: "critical_recent" | "serious_recent" | "minor_recent" | "last_critical" | "last_serious" | "last_score_deficit" | "inspection_count" | "never_inspected" | "days_since_inspection" | "licence_missing" | "licence_expired" | "licence_age_years" | "complaint_count" | "tip_count" | "confirmed_violations" | "prior_takedowns" | "rating_deficit" | "offline";
        /** @enum {string} */
        RiskTransform: "identity" | "log1p" | "sqrt" | "binary" | "cap";
        /**
         * @description A (lowest risk) to D (highest), as in SAMR's food business risk grading.
         * @enum {string}
         */
        RiskTier: "A" | "B" | "C" | "D";
        /**
         * @description A feature declared over the data (instead of a catalogue indicator); see
         *     `docs/risk-index.md` § "Features from data". `source`:
         *     `shop` — a shop column (`rating`, `complaintCount`, `area`, `districtCode`,
         *     `platformId`, `categories`, or `extra.NAME` for any column a mapping carried);
         *     `previous` — the latest earlier inspection's column (`score`, `critical`, `serious`,
         *     `minor`, `result`, or `extra.NAME`, e.g. `extra.inspector`);
         *     `history` — an aggregate (`count`, `sum`, `mean`, `rate` = share with a value above 0,
         *     `trend` = latest minus mean) of an inspection column over the trailing `windowDays`;
         *     `covariate` — an aggregate (`sum`, `mean`, `count`, `last`) of an imported covariate
         *     data set for the shop's area (or city-wide rows, area `*`) over the trailing
         *     `windowDays`. `type` `category` one-hot encodes a text value, `categories` a list
         *     (multi-hot); both get `levels` from calibration (values seen at least `minCount` times)
         *     and an "other" level. Everything reads only records dated before the moment scored.
         */
        RiskFeature: {
            /** @enum {string} */
            source: "shop" | "previous" | "history" | "covariate";
            field?: string;
            /**
             * @description numeric (the default), category or categories.
             * @enum {string}
             */
            type?: "numeric" | "category" | "categories";
            /** @enum {string} */
            aggregate?: "count" | "sum" | "mean" | "rate" | "trend" | "last";
            /** @description The trailing window in days (default 365). */
            windowDays?: number;
            dataset?: string;
        };
        RiskFeatureLevel: {
            /** @description The level's value ("" is the level of a missing value). */
            value: string;
            /** @description Log-odds the level adds (before the feature's `center` is taken off). */
            weight: number;
        };
        /**
         * @description One input of the model: a catalogue `indicator`, or a `feature` declared over the data
         *     with a `name` of its own. Category features carry `levels` (and `otherWeight` for any
         *     other value), set by calibration.
         */
        RiskModelIndicator: {
            indicator?: components["schemas"]["RiskIndicatorId"];
            /** @description The feature's name (a catalogue indicator is named by its id). */
            name?: string;
            feature?: components["schemas"]["RiskFeature"];
            levels?: components["schemas"]["RiskFeatureLevel"][];
            /** @description Log-odds of any value that is not one of the levels. */
            otherWeight?: number;
            /** @description Calibration keeps a value as a level when the training data holds it at least this often (default 20). */
            minCount?: number;
            /** @description Log-odds per unit of the standardised, transformed value (|weight| ≤ 50); for a category feature, a factor on its level weights (calibration sets 1). */
            weight: number;
            transform?: components["schemas"]["RiskTransform"];
            /** @description The upper bound for the `cap` transform. */
            cap?: number;
            /** @description Subtracted from the transformed value (calibration sets the training mean). */
            center?: number;
            /** @description Divides the centred value (calibration sets the training standard deviation). */
            scale?: number;
        };
        /** @description The lowest score (0–100) of tiers B, C and D; ascending. */
        RiskTierThresholds: {
            B: number;
            C: number;
            D: number;
        };
        RiskModelFields: {
            name?: string;
            description?: string;
            intercept: number;
            /** @description Half-life of the recency weighting of past violations, in days (1–3650). */
            halfLifeDays: number;
            indicators: components["schemas"]["RiskModelIndicator"][];
            tiers: components["schemas"]["RiskTierThresholds"];
            leadTier?: components["schemas"]["RiskTier"];
            /** @description How the weights were fitted (set by calibration; informational). */
            calibration?: {
                [key: string]: unknown;
            };
        };
        /** @description An indicator model; see `docs/risk-index.md` for how to write one. */
        RiskModelInput: components["schemas"]["RiskModelFields"];
        RiskModel: components["schemas"]["RiskModelFields"] & {
            version: number;
            /** Format: date-time */
            createdAt: string;
            createdBy: string;
        };
        RiskRunRequest: {
            /**
             * Format: date
             * @description Score as of this day (default today); only records dated before it count.
             */
            asOf?: string;
            modelVersion?: number;
            /**
             * @description Send each platform-listed shop of the lead tier to its platform as a **priority
             *     check** lead (`basis: priority_check`, `requestedAction: review`): a reason to review
             *     the listing, never a confirmed violation.
             */
            createLeads?: boolean;
            /** @description Make inspection tasks for the shops of the model's lead tier and above, for each shop's district bureau (or the city enforcement detachment), highest score first. */
            createTasks?: boolean;
            /** @description At most this many new tasks per unit and run (default 100), the highest scores. */
            tasksPerUnit?: number;
        };
        RiskRun: {
            id: string;
            modelVersion: number;
            /** Format: date */
            asOf: string;
            /** @enum {string} */
            status: "running" | "completed" | "failed";
            /** Format: date-time */
            startedAt: string;
            /** Format: date-time */
            finishedAt: string | null;
            shopsScored: number;
            tierCounts: {
                A: number;
                B: number;
                C: number;
                D: number;
            };
            leads: {
                requested: boolean;
                created: number;
                skippedOpenLead: number;
                skippedNoPlatform: number;
            };
            /** @description Inspection tasks the run made (createTasks). */
            tasks: {
                requested: boolean;
                created: number;
                skippedOpenTask: number;
                /** @description Tasks made per district code (`detachment` for shops without a district). */
                byUnit: {
                    [key: string]: number;
                };
            };
            durationMs: number;
        };
        RiskContribution: {
            /** @description The catalogue indicator's id or the feature's name. */
            indicator: string;
            /** @description The indicator's raw value for this shop as of the run (for a category feature, its level code). */
            value: number;
            /** @description For a category feature, the shop's levels (`(other)` for a value that is not one of the model's levels). */
            levels?: string[];
            /** @description What it adds to the log-odds, relative to the model's centre (positive raises the risk). */
            contribution: number;
        };
        ShopRisk: {
            runId: string;
            modelVersion: number;
            /** Format: date */
            asOf: string;
            shopId: string;
            shopName: string;
            districtCode: string | null;
            platformId: string | null;
            score: number;
            tier: components["schemas"]["RiskTier"];
            /** @description Every indicator of the model, largest contribution first. */
            contributions: components["schemas"]["RiskContribution"][];
        };
        /** @description Days from `start` (inclusive) to `end` (exclusive), `YYYY-MM-DD`. */
        RiskDateWindow: {
            /** Format: date */
            start?: string;
            /** Format: date */
            end?: string;
        };
        RiskDateWindowResult: {
            /** Format: date */
            start: string;
            /**
             * Format: date
             * @description Exclusive.
             */
            end: string;
        };
        /**
         * @description Windows by time: `train`, `validation` and `test`, each `[start, end)`. `splitDate` is
         *     short for a test window from that day to the end of the data, with the history before
         *     it split into training (the first three quarters) and validation (the last quarter).
         *     Settings not given (`l2`, `halfLifeDays`, `minCount`) are chosen on the validation
         *     window only, from `grid` (or the defaults: l2 0.1/1/10/100; half-life 90/180/365/730
         *     days when the model reads recency-weighted counts; minimum category count 5/20/50 when
         *     it has category features), then refitted on training and validation together.
         */
        RiskBacktestRequest: {
            /**
             * Format: date
             * @description The test window starts on this day (shorthand; see above).
             */
            splitDate?: string;
            train?: components["schemas"]["RiskDateWindow"];
            validation?: components["schemas"]["RiskDateWindow"];
            test?: components["schemas"]["RiskDateWindow"];
            /** @description The model whose indicators are calibrated (or scored as is); default the current one. */
            modelVersion?: number;
            /**
             * @description `false` scores the model as it is, without refitting its weights.
             * @default true
             */
            calibrate?: boolean;
            /**
             * @default critical
             * @enum {string}
             */
            target?: "critical" | "critical_or_serious";
            l2?: number;
            halfLifeDays?: number;
            minCount?: number;
            grid?: {
                l2?: number[];
                halfLifeDays?: number[];
                minCount?: number[];
            };
            /**
             * @description Bootstrap resamples of the test inspections for the confidence intervals.
             * @default 200
             */
            bootstrap?: number;
            /**
             * @description Store the calibrated model as the next model version.
             * @default false
             */
            saveModel?: boolean;
        };
        RiskCurvePoint: {
            x: number;
            y: number;
        };
        RiskBacktestMetrics: {
            auc: number;
            /** @description 95% bootstrap interval of the AUC (percentile). */
            aucCi: number[];
            /** @description Share of the top 10% of ranked inspections that found a violation. */
            hitRateTop10: number;
            hitRateTop20: number;
            /** @description Share of all violations found in the first half of the ranked schedule. */
            shareFoundFirstHalf: number;
            /** @description Mean days gained for violation-finding inspections when the same daily slots are reordered by score. */
            meanDaysEarlier: number;
            /** @description 95% bootstrap interval of the mean days earlier. */
            daysEarlierCi: number[];
            /** @description ROC curve points, `x` the false positive rate and `y` the true positive rate, from (0, 0) to (1, 1). */
            roc: components["schemas"]["RiskCurvePoint"][];
            /** @description Cumulative gains, `x` the share of the ranked schedule inspected and `y` the share of violations found, in steps of 5%. */
            lift: components["schemas"]["RiskCurvePoint"][];
        };
        /**
         * @description Something a data scientist must know about a result: `indicators_dropped` (no
         *     variation in the training data, weight 0), `indicators_not_calibrated` (no history,
         *     kept as they were), `model_collapsed` (fewer effective indicators than declared),
         *     `worse_than_baseline_on_validation`, `worse_than_baseline_on_test`.
         */
        RiskWarning: {
            code: string;
            detail: string;
            indicators: string[];
        };
        /** @description The settings tried on the validation window and the one chosen. */
        RiskModelSelection: {
            chosen: {
                l2: number;
                halfLifeDays: number;
                minCount: number | null;
            };
            validationAuc: number;
            validationBaselineAuc: number;
            candidates: {
                l2: number;
                halfLifeDays: number;
                minCount: number | null;
                validationAuc: number;
            }[];
        };
        RiskBacktestWindows: {
            train: components["schemas"]["RiskDateWindowResult"];
            validation: components["schemas"]["RiskDateWindowResult"] | null;
            test: components["schemas"]["RiskDateWindowResult"];
        };
        RiskBacktest: {
            id: string;
            /** Format: date-time */
            createdAt: string;
            /**
             * Format: date
             * @description The first day of the test window.
             */
            splitDate: string;
            target: string;
            windows: components["schemas"]["RiskBacktestWindows"];
            calibrated: boolean;
            /** @description Inspections the final model was fitted on (training and validation windows). */
            trainInspections: number;
            /** @description Every inspection of the test window, including those without an earlier record. */
            testInspections: number;
            testPositives: number;
            /** @description Test inspections of shops without an earlier inspection (counted, see firstInspectionPolicy). */
            testFirstInspections: number;
            firstInspectionPolicy: string;
            model: components["schemas"]["RiskBacktestMetrics"];
            baseline: components["schemas"]["RiskBacktestMetrics"];
            random: components["schemas"]["RiskBacktestMetrics"];
            /** @description Model minus baseline on the same rows, with paired bootstrap intervals. */
            gainOverBaseline: {
                auc: number;
                aucCi: number[];
                daysEarlier: number;
                daysEarlierCi: number[];
            };
            selection: components["schemas"]["RiskModelSelection"] | null;
            warnings: components["schemas"]["RiskWarning"][];
            bootstrapResamples: number;
            calibratedModel: components["schemas"]["RiskModelInput"];
            savedModelVersion: number | null;
        };
        RiskBacktestSummary: {
            id: string;
            /** Format: date-time */
            createdAt: string;
            target: string;
            windows: components["schemas"]["RiskBacktestWindows"];
            calibrated: boolean;
            testInspections: number;
            testPositives: number;
            modelAuc: number;
            baselineAuc: number;
            modelDaysEarlier: number;
            baselineDaysEarlier: number;
            /** @description The codes of the result's warnings. */
            warnings: string[];
            /** @description Whether the per-inspection scores can still be exported (the newest 20 backtests keep them). */
            scoresKept: boolean;
        };
    };
    responses: {
        /** @description The request does not match the contract (a field, a parameter or the JSON itself). */
        BadRequest: {
            headers: {
                "X-Request-Id": components["headers"]["RequestId"];
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "type": "https://ezhili.org/problems/validation",
                 *       "title": "Bad request",
                 *       "status": 400,
                 *       "code": "validation",
                 *       "detail": "The request does not match the contract.",
                 *       "instance": "/cases",
                 *       "requestId": "5d0c6c1e-0a43-4b5e-9d2f-3c1f3b7b8a10",
                 *       "errors": [
                 *         {
                 *           "pointer": "#/query/limit",
                 *           "detail": "must be <= 500"
                 *         }
                 *       ]
                 *     }
                 */
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description No valid credentials: a missing, expired or forged token or signature. */
        Unauthorized: {
            headers: {
                "X-Request-Id": components["headers"]["RequestId"];
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "type": "https://ezhili.org/problems/unauthenticated",
                 *       "title": "Unauthorized",
                 *       "status": 401,
                 *       "code": "unauthenticated",
                 *       "detail": "Send a staff token as `Authorization: Bearer <token>`.",
                 *       "instance": "/cases",
                 *       "requestId": "5d0c6c1e-0a43-4b5e-9d2f-3c1f3b7b8a10"
                 *     }
                 */
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description Authenticated, but the caller's roles (`x-roles`) or scope do not allow this. */
        Forbidden: {
            headers: {
                "X-Request-Id": components["headers"]["RequestId"];
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "type": "https://ezhili.org/problems/forbidden",
                 *       "title": "Forbidden",
                 *       "status": 403,
                 *       "code": "forbidden",
                 *       "detail": "This operation needs one of these roles: admin.",
                 *       "instance": "/platforms",
                 *       "requestId": "5d0c6c1e-0a43-4b5e-9d2f-3c1f3b7b8a10"
                 *     }
                 */
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description No such resource, or one outside the caller's unit (never "forbidden", so ids cannot be probed). */
        NotFound: {
            headers: {
                "X-Request-Id": components["headers"]["RequestId"];
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "type": "https://ezhili.org/problems/not_found",
                 *       "title": "Not found",
                 *       "status": 404,
                 *       "code": "not_found",
                 *       "detail": "No such resource.",
                 *       "instance": "/cases/case_01kdx3r8n0m2v4q6s8t0w2y4z6",
                 *       "requestId": "5d0c6c1e-0a43-4b5e-9d2f-3c1f3b7b8a10"
                 *     }
                 */
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description A client error (4xx) as an RFC 9457 problem; `code` says which (docs/errors.md). */
        ClientError: {
            headers: {
                "X-Request-Id": components["headers"]["RequestId"];
                "Retry-After": components["headers"]["RetryAfter"];
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "type": "https://ezhili.org/problems/validation",
                 *       "title": "Bad request",
                 *       "status": 400,
                 *       "code": "validation",
                 *       "detail": "The request does not match the contract.",
                 *       "instance": "/cases",
                 *       "requestId": "5d0c6c1e-0a43-4b5e-9d2f-3c1f3b7b8a10",
                 *       "errors": [
                 *         {
                 *           "pointer": "#/query/limit",
                 *           "detail": "must be <= 500"
                 *         }
                 *       ]
                 *     }
                 */
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description An RFC 9457 problem document. */
        Problem: {
            headers: {
                "X-Request-Id": components["headers"]["RequestId"];
                "Retry-After": components["headers"]["RetryAfter"];
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description Too many attempts; retry after the given number of seconds. */
        TooManyRequests: {
            headers: {
                "Retry-After": components["headers"]["RetryAfter"];
                "X-Request-Id": components["headers"]["RequestId"];
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
    };
    parameters: {
        NotificationId: string;
        InspectionTaskId: string;
        BacktestId: string;
        /** @description The tip's identity code, e.g. `FZ-7K3M-Q9XD-K` (kept out of URLs so it stays out of access logs). */
        IdentityCodeHeader: components["schemas"]["IdentityCode"];
        /**
         * @description The receipt secret shown once at submission. Required unless the caller sends the
         *     reporter session that submitted (or later claimed) the tip.
         */
        ReceiptSecretHeader: string;
        CaseId: string;
        EvidenceId: string;
        PartnerId: components["schemas"]["PartnerIdValue"];
        /**
         * @description A unique key (1–255 printable ASCII characters) per logical operation, scoped to the
         *     caller, the operation and the path, kept 24 hours. A retry with the same key and the same
         *     body (compared by its SHA-256) returns the first successful response with
         *     `Idempotent-Replayed: true`; the same key with another body is
         *     `409 idempotency_key_reused`, and while the first request still runs
         *     `409 idempotency_in_progress`. A JSON body is always compared; only a streamed
         *     `multipart/form-data` body (tips and reporter replies with files), which is never
         *     buffered, matches on the key alone. Error responses are not stored: a retry after one runs
         *     again. See `docs/errors.md#idempotency`.
         */
        IdempotencyKey: string;
        /**
         * @description Opaque cursor: a previous page's `nextCursor` of the same list, sent back unchanged. Any
         *     other value (made up, an id, another list's cursor) is refused with `400 invalid_cursor`.
         */
        Cursor: string;
        Limit: number;
        PlatformId: string;
        LeadId: string;
        RelistingRequestId: string;
        /** @description The message id; the same on every retry of one message. */
        WebhookId: string;
        /** @description Unix seconds of this attempt; refuse it when more than 300 s from your clock. */
        WebhookTimestamp: string;
        /** @description Space-separated `v1a,<base64 Ed25519 signature>` entries. */
        WebhookSignature: string;
        RewardClaimId: string;
        UnsealRequestId: string;
        /** @description The one-time key from `createUnsealRequest`; only its holder can open the result, once. */
        UnsealKeyHeader: string;
    };
    requestBodies: never;
    headers: {
        CacheControl: string;
        /** @description The request's id (the client's `X-Request-Id` if it sent a valid one), also in problem documents as `requestId` and in the server's log. */
        RequestId: string;
        /** @description `true` when this is the stored answer to an earlier request with the same `Idempotency-Key`; absent otherwise. */
        IdempotentReplayed: "true";
        /** @description `attachment` with a file name, for downloads. */
        ContentDisposition: string;
        /** @description Where to go next. */
        Location: string;
        /**
         * @description Seconds until the console session expires if idle (capped by its absolute expiry);
         *     on every cookie-authenticated response.
         */
        SessionExpiresIn: number;
        /** @description Seconds to wait before retrying: on `429 rate_limited`, `409 idempotency_in_progress` and `503 platform_keys_unavailable`. */
        RetryAfter: number;
    };
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    getHealth: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The server is up and its database answers. */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "status": "ok",
                     *       "database": "ok",
                     *       "version": "0.1.0",
                     *       "time": "2026-01-05T08:00:00.000Z"
                     *     }
                     */
                    "application/json": components["schemas"]["Health"];
                };
            };
            /** @description The server is up but its database does not answer. */
            503: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Health"];
                };
            };
            "4XX": components["responses"]["ClientError"];
            default: components["responses"]["Problem"];
        };
    };
    getContract: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The OpenAPI document. */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "openapi": "3.1.0",
                     *       "info": {
                     *         "title": "ezhili — online food delivery co-governance API",
                     *         "version": "0.1.0"
                     *       },
                     *       "paths": {}
                     *     }
                     */
                    "application/json": components["schemas"]["OpenApiDocument"];
                };
            };
            "4XX": components["responses"]["ClientError"];
            default: components["responses"]["Problem"];
        };
    };
    getContractYaml: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The OpenAPI document as YAML. */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example openapi: 3.1.0
                     *     info:
                     *       title: ezhili — online food delivery co-governance API
                     */
                    "application/yaml": string;
                };
            };
            "4XX": components["responses"]["ClientError"];
            default: components["responses"]["Problem"];
        };
    };
    getJwks: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The JSON Web Key Set. */
            200: {
                headers: {
                    "Cache-Control": components["headers"]["CacheControl"];
                    "X-Request-Id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "keys": [
                     *         {
                     *           "kty": "OKP",
                     *           "kid": "key_2026_01",
                     *           "crv": "Ed25519",
                     *           "x": "s7ttEQ25P5jOIH_ZFIaoY13szpKgf-KF1cfIiiH6lBc",
                     *           "alg": "EdDSA",
                     *           "use": "sig"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["Jwks"];
                };
            };
            "4XX": components["responses"]["ClientError"];
            default: components["responses"]["Problem"];
        };
    };
    listDistricts: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description All districts. */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "items": [
                     *         {
                     *           "code": "350102",
                     *           "nameZh": "鼓楼区",
                     *           "nameEn": "Gulou District",
                     *           "cityCode": "350102"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": {
                        items: components["schemas"]["District"][];
                    };
                };
            };
            "4XX": components["responses"]["ClientError"];
            default: components["responses"]["Problem"];
        };
    };
    createStaffSession: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description A unique key (1–255 printable ASCII characters) per logical operation, scoped to the
                 *     caller, the operation and the path, kept 24 hours. A retry with the same key and the same
                 *     body (compared by its SHA-256) returns the first successful response with
                 *     `Idempotent-Replayed: true`; the same key with another body is
                 *     `409 idempotency_key_reused`, and while the first request still runs
                 *     `409 idempotency_in_progress`. A JSON body is always compared; only a streamed
                 *     `multipart/form-data` body (tips and reporter replies with files), which is never
                 *     buffered, matches on the key alone. Error responses are not stored: a retry after one runs
                 *     again. See `docs/errors.md#idempotency`.
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "email": "intake@demo.local",
                 *       "password": "demo"
                 *     }
                 */
                "application/json": components["schemas"]["StaffLogin"];
            };
        };
        responses: {
            /** @description A session token. */
            201: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "token": "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJzdGZfMDEifQ.c2lnbmF0dXJl",
                     *       "tokenType": "Bearer",
                     *       "expiresAt": "2026-01-05T08:00:00.000Z",
                     *       "staff": {
                     *         "id": "stf_01kdx3r8n0m2v4q6s8t0w2y4z6",
                     *         "email": "intake@demo.local",
                     *         "displayName": "Intake Officer",
                     *         "roles": [
                     *           "intake"
                     *         ],
                     *         "districtCode": "350102"
                     *       }
                     *     }
                     */
                    "application/json": components["schemas"]["StaffSession"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            429: components["responses"]["TooManyRequests"];
            default: components["responses"]["Problem"];
        };
    };
    createConsoleSession: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description A unique key (1–255 printable ASCII characters) per logical operation, scoped to the
                 *     caller, the operation and the path, kept 24 hours. A retry with the same key and the same
                 *     body (compared by its SHA-256) returns the first successful response with
                 *     `Idempotent-Replayed: true`; the same key with another body is
                 *     `409 idempotency_key_reused`, and while the first request still runs
                 *     `409 idempotency_in_progress`. A JSON body is always compared; only a streamed
                 *     `multipart/form-data` body (tips and reporter replies with files), which is never
                 *     buffered, matches on the key alone. Error responses are not stored: a retry after one runs
                 *     again. See `docs/errors.md#idempotency`.
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["StaffLogin"];
            };
        };
        responses: {
            /** @description The session; its token is only in the `Set-Cookie` header. */
            201: {
                headers: {
                    /** @description `ezhili_console=<token>; Path=/console/api; HttpOnly; SameSite=Strict; Max-Age=<absolute lifetime>` (`; Secure` behind TLS). */
                    "Set-Cookie"?: string;
                    "Cache-Control": components["headers"]["CacheControl"];
                    "X-Request-Id": components["headers"]["RequestId"];
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ConsoleSession"];
                };
            };
            400: components["responses"]["BadRequest"];
            /** @description The email or password is wrong. */
            401: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            403: components["responses"]["Forbidden"];
            429: components["responses"]["TooManyRequests"];
            "4XX": components["responses"]["ClientError"];
            default: components["responses"]["Problem"];
        };
    };
    getConsoleSession: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The session. */
            200: {
                headers: {
                    "Cache-Control": components["headers"]["CacheControl"];
                    "Ezhili-Session-Expires-In": components["headers"]["SessionExpiresIn"];
                    "X-Request-Id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ConsoleSession"];
                };
            };
            /** @description No session, or it expired (idle or absolute) or was ended. */
            401: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            "4XX": components["responses"]["ClientError"];
            default: components["responses"]["Problem"];
        };
    };
    deleteConsoleSession: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The session has ended; the cookie is cleared. */
            204: {
                headers: {
                    /** @description `ezhili_console=; Path=/console/api; HttpOnly; SameSite=Strict; Max-Age=0`. */
                    "Set-Cookie"?: string;
                    "X-Request-Id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content?: never;
            };
            401: components["responses"]["Unauthorized"];
            /** @description The CSRF header is missing or wrong, or the request came from another origin. */
            403: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            "4XX": components["responses"]["ClientError"];
            default: components["responses"]["Problem"];
        };
    };
    startConsoleOidcSignIn: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description To the provider's authorization endpoint. */
            303: {
                headers: {
                    Location: components["headers"]["Location"];
                    /** @description The flow's sealed state (`ezhili_oidc_flow`, `HttpOnly`, `SameSite=Lax`, a few minutes), read back by `completeConsoleOidcSignIn`. */
                    "Set-Cookie"?: string;
                    "Cache-Control": components["headers"]["CacheControl"];
                    "X-Request-Id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description No identity provider is configured. */
            404: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            "4XX": components["responses"]["ClientError"];
            default: components["responses"]["Problem"];
        };
    };
    completeConsoleOidcSignIn: {
        parameters: {
            query?: {
                code?: string;
                state?: string;
                error?: string;
                error_description?: string;
                iss?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Signed in; to the console. */
            303: {
                headers: {
                    Location: components["headers"]["Location"];
                    /** @description The console session cookie (as for `createConsoleSession`). */
                    "Set-Cookie"?: string;
                    "Cache-Control": components["headers"]["CacheControl"];
                    "X-Request-Id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The sign-in failed a check. */
            401: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            404: components["responses"]["NotFound"];
            "4XX": components["responses"]["ClientError"];
            default: components["responses"]["Problem"];
        };
    };
    getCurrentStaff: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The authenticated staff member and their roles. */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "stf_01kdx3r8n0m2v4q6s8t0w2y4z6",
                     *       "email": "intake@demo.local",
                     *       "displayName": "Intake Officer",
                     *       "roles": [
                     *         "intake"
                     *       ],
                     *       "districtCode": "350102"
                     *     }
                     */
                    "application/json": components["schemas"]["StaffMember"];
                };
            };
            401: components["responses"]["Unauthorized"];
            default: components["responses"]["Problem"];
        };
    };
    listNotifications: {
        parameters: {
            query?: {
                /** @description Only notifications not yet marked read. */
                unread?: boolean;
                /**
                 * @description Opaque cursor: a previous page's `nextCursor` of the same list, sent back unchanged. Any
                 *     other value (made up, an id, another list's cursor) is refused with `400 invalid_cursor`.
                 */
                cursor?: components["parameters"]["Cursor"];
                limit?: components["parameters"]["Limit"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of the caller's notifications, newest first. */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "items": [
                     *         {
                     *           "id": "ntf_qk3m9xd7r2v4q6s8t0w2y4z6ab",
                     *           "kind": "case_deadline_soon",
                     *           "identityCode": "FZ-7K3M-Q9XD-K",
                     *           "caseId": "case_01kdx3r8n0m2v4q6s8t0w2y4z6",
                     *           "leadId": null,
                     *           "deadline": "acknowledgement",
                     *           "dueDate": "2026-01-12",
                     *           "link": "http://localhost:8787/console/notifications/ntf_qk3m9xd7r2v4q6s8t0w2y4z6ab",
                     *           "readAt": null
                     *         }
                     *       ],
                     *       "unreadCount": 1,
                     *       "nextCursor": null
                     *     }
                     */
                    "application/json": components["schemas"]["NotificationList"];
                };
            };
            /** @description A malformed query, or a cursor this list did not issue (`invalid_cursor`). */
            400: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://ezhili.org/problems/invalid_cursor",
                     *       "title": "Bad Request",
                     *       "status": 400,
                     *       "code": "invalid_cursor",
                     *       "detail": "The cursor is not one this list issued.",
                     *       "errors": [
                     *         {
                     *           "pointer": "#/query/cursor",
                     *           "detail": "unknown cursor"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            "4XX": components["responses"]["ClientError"];
            default: components["responses"]["Problem"];
        };
    };
    markAllNotificationsRead: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description A unique key (1–255 printable ASCII characters) per logical operation, scoped to the
                 *     caller, the operation and the path, kept 24 hours. A retry with the same key and the same
                 *     body (compared by its SHA-256) returns the first successful response with
                 *     `Idempotent-Replayed: true`; the same key with another body is
                 *     `409 idempotency_key_reused`, and while the first request still runs
                 *     `409 idempotency_in_progress`. A JSON body is always compared; only a streamed
                 *     `multipart/form-data` body (tips and reporter replies with files), which is never
                 *     buffered, matches on the key alone. Error responses are not stored: a retry after one runs
                 *     again. See `docs/errors.md#idempotency`.
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description How many notifications were marked read. */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "marked": 3,
                     *       "unreadCount": 0
                     *     }
                     */
                    "application/json": {
                        marked: number;
                        unreadCount: number;
                    };
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            "4XX": components["responses"]["ClientError"];
            default: components["responses"]["Problem"];
        };
    };
    markNotificationRead: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description A unique key (1–255 printable ASCII characters) per logical operation, scoped to the
                 *     caller, the operation and the path, kept 24 hours. A retry with the same key and the same
                 *     body (compared by its SHA-256) returns the first successful response with
                 *     `Idempotent-Replayed: true`; the same key with another body is
                 *     `409 idempotency_key_reused`, and while the first request still runs
                 *     `409 idempotency_in_progress`. A JSON body is always compared; only a streamed
                 *     `multipart/form-data` body (tips and reporter replies with files), which is never
                 *     buffered, matches on the key alone. Error responses are not stored: a retry after one runs
                 *     again. See `docs/errors.md#idempotency`.
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path: {
                notificationId: components["parameters"]["NotificationId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The notification, read. */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "ntf_qk3m9xd7r2v4q6s8t0w2y4z6ab",
                     *       "kind": "case_overdue",
                     *       "identityCode": "FZ-7K3M-Q9XD-K",
                     *       "caseId": "case_01kdx3r8n0m2v4q6s8t0w2y4z6",
                     *       "leadId": null,
                     *       "deadline": "feedback",
                     *       "dueDate": "2026-04-05",
                     *       "link": "http://localhost:8787/console/notifications/ntf_qk3m9xd7r2v4q6s8t0w2y4z6ab",
                     *       "readAt": "2026-04-06T01:30:00.000Z"
                     *     }
                     */
                    "application/json": components["schemas"]["Notification"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            /** @description No such notification of the caller. */
            404: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://ezhili.org/problems/notification_not_found",
                     *       "title": "Not Found",
                     *       "status": 404,
                     *       "code": "notification_not_found",
                     *       "detail": "You have no notification with this id."
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            "4XX": components["responses"]["ClientError"];
            default: components["responses"]["Problem"];
        };
    };
    listPartners: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Every registered partner. */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "items": [
                     *         {
                     *           "id": "employer-app",
                     *           "name": "鼓楼骑手互助 Gulou Riders' Mutual Aid app",
                     *           "allowedOrigins": [
                     *             "https://app.example-employer.cn"
                     *           ],
                     *           "enabled": false,
                     *           "createdAt": "2026-01-05T08:00:00.000Z",
                     *           "updatedAt": "2026-01-05T08:00:00.000Z"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": {
                        items: components["schemas"]["Partner"][];
                    };
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            "4XX": components["responses"]["ClientError"];
            default: components["responses"]["Problem"];
        };
    };
    registerPartner: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description A unique key (1–255 printable ASCII characters) per logical operation, scoped to the
                 *     caller, the operation and the path, kept 24 hours. A retry with the same key and the same
                 *     body (compared by its SHA-256) returns the first successful response with
                 *     `Idempotent-Replayed: true`; the same key with another body is
                 *     `409 idempotency_key_reused`, and while the first request still runs
                 *     `409 idempotency_in_progress`. A JSON body is always compared; only a streamed
                 *     `multipart/form-data` body (tips and reporter replies with files), which is never
                 *     buffered, matches on the key alone. Error responses are not stored: a retry after one runs
                 *     again. See `docs/errors.md#idempotency`.
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "id": "employer-app",
                 *       "name": "鼓楼骑手互助 Gulou Riders' Mutual Aid app",
                 *       "allowedOrigins": [
                 *         "https://app.example-employer.cn"
                 *       ]
                 *     }
                 */
                "application/json": components["schemas"]["PartnerRegistration"];
            };
        };
        responses: {
            /** @description The partner was registered. */
            201: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "employer-app",
                     *       "name": "鼓楼骑手互助 Gulou Riders' Mutual Aid app",
                     *       "allowedOrigins": [
                     *         "https://app.example-employer.cn"
                     *       ],
                     *       "enabled": false,
                     *       "createdAt": "2026-01-05T08:00:00.000Z",
                     *       "updatedAt": "2026-01-05T08:00:00.000Z"
                     *     }
                     */
                    "application/json": components["schemas"]["Partner"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            409: components["responses"]["Problem"];
            422: components["responses"]["Problem"];
            "4XX": components["responses"]["ClientError"];
            default: components["responses"]["Problem"];
        };
    };
    getReferralCounts: {
        parameters: {
            query?: {
                from?: string;
                to?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The counts. */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ReferralCounts"];
                };
            };
            /** @description A reversed period. */
            400: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            401: components["responses"]["Problem"];
            403: components["responses"]["Problem"];
            "4XX": components["responses"]["Problem"];
            default: components["responses"]["Problem"];
        };
    };
    getPartnerEntryPoints: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                partnerId: components["parameters"]["PartnerId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The links. */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PartnerEntryPoints"];
                };
            };
            401: components["responses"]["Problem"];
            403: components["responses"]["Problem"];
            /** @description No such partner. */
            404: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            "4XX": components["responses"]["Problem"];
            default: components["responses"]["Problem"];
        };
    };
    updatePartner: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                partnerId: components["parameters"]["PartnerId"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "name": "鼓楼骑手互助 Gulou Riders' Mutual Aid app",
                 *       "allowedOrigins": [
                 *         "https://app.example-employer.cn"
                 *       ],
                 *       "enabled": false
                 *     }
                 */
                "application/json": components["schemas"]["PartnerUpdate"];
            };
        };
        responses: {
            /** @description The partner as updated. */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "employer-app",
                     *       "name": "鼓楼骑手互助 Gulou Riders' Mutual Aid app",
                     *       "allowedOrigins": [
                     *         "https://app.example-employer.cn"
                     *       ],
                     *       "enabled": false,
                     *       "createdAt": "2026-01-05T08:00:00.000Z",
                     *       "updatedAt": "2026-01-05T08:00:00.000Z"
                     *     }
                     */
                    "application/json": components["schemas"]["Partner"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["Problem"];
            "4XX": components["responses"]["ClientError"];
            default: components["responses"]["Problem"];
        };
    };
    registerReporter: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description A unique key (1–255 printable ASCII characters) per logical operation, scoped to the
                 *     caller, the operation and the path, kept 24 hours. A retry with the same key and the same
                 *     body (compared by its SHA-256) returns the first successful response with
                 *     `Idempotent-Replayed: true`; the same key with another body is
                 *     `409 idempotency_key_reused`, and while the first request still runs
                 *     `409 idempotency_in_progress`. A JSON body is always compared; only a streamed
                 *     `multipart/form-data` body (tips and reporter replies with files), which is never
                 *     buffered, matches on the key alone. Error responses are not stored: a retry after one runs
                 *     again. See `docs/errors.md#idempotency`.
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "realName": "张三 (example)",
                 *       "residentId": "35010219900101123X",
                 *       "phone": "13800000000",
                 *       "bankAccount": {
                 *         "bankName": "Bank of Fuzhou",
                 *         "accountNumber": "6222020000000000000",
                 *         "accountName": "张三 (example)"
                 *       },
                 *       "passphrase": "correct horse battery staple"
                 *     }
                 */
                "application/json": components["schemas"]["ReporterRegistration"];
            };
        };
        responses: {
            /** @description The account exists; a session for it. */
            201: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "token": "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJzdGZfMDEifQ.c2lnbmF0dXJl",
                     *       "tokenType": "Bearer",
                     *       "expiresAt": "2026-01-05T08:00:00.000Z"
                     *     }
                     */
                    "application/json": components["schemas"]["ReporterSession"];
                };
            };
            400: components["responses"]["BadRequest"];
            409: components["responses"]["Problem"];
            429: components["responses"]["TooManyRequests"];
            "4XX": components["responses"]["ClientError"];
            default: components["responses"]["Problem"];
        };
    };
    createReporterSession: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description A unique key (1–255 printable ASCII characters) per logical operation, scoped to the
                 *     caller, the operation and the path, kept 24 hours. A retry with the same key and the same
                 *     body (compared by its SHA-256) returns the first successful response with
                 *     `Idempotent-Replayed: true`; the same key with another body is
                 *     `409 idempotency_key_reused`, and while the first request still runs
                 *     `409 idempotency_in_progress`. A JSON body is always compared; only a streamed
                 *     `multipart/form-data` body (tips and reporter replies with files), which is never
                 *     buffered, matches on the key alone. Error responses are not stored: a retry after one runs
                 *     again. See `docs/errors.md#idempotency`.
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "phone": "13800000000",
                 *       "passphrase": "correct horse battery staple"
                 *     }
                 */
                "application/json": components["schemas"]["ReporterLogin"];
            };
        };
        responses: {
            /** @description A session token. */
            201: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "token": "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJzdGZfMDEifQ.c2lnbmF0dXJl",
                     *       "tokenType": "Bearer",
                     *       "expiresAt": "2026-01-05T08:00:00.000Z"
                     *     }
                     */
                    "application/json": components["schemas"]["ReporterSession"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            429: components["responses"]["TooManyRequests"];
            "4XX": components["responses"]["ClientError"];
            default: components["responses"]["Problem"];
        };
    };
    deleteReporterSession: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The session has ended. */
            204: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content?: never;
            };
            401: components["responses"]["Unauthorized"];
            "4XX": components["responses"]["ClientError"];
            default: components["responses"]["Problem"];
        };
    };
    getReporterProfile: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The reporter's details. */
            200: {
                headers: {
                    "Cache-Control": components["headers"]["CacheControl"];
                    "X-Request-Id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "realName": "张三 (example)",
                     *       "residentId": "350102199001011238",
                     *       "phone": "13800000000",
                     *       "bankAccount": {
                     *         "bankName": "Bank of Fuzhou",
                     *         "accountNumber": "6222020000000000000",
                     *         "accountName": "张三 (example)"
                     *       },
                     *       "registeredAt": "2026-01-05T08:00:00.000Z",
                     *       "updatedAt": "2026-01-05T08:00:00.000Z"
                     *     }
                     */
                    "application/json": components["schemas"]["ReporterProfile"];
                };
            };
            401: components["responses"]["Unauthorized"];
            "4XX": components["responses"]["ClientError"];
            default: components["responses"]["Problem"];
        };
    };
    updateReporterProfile: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "currentPassphrase": "correct horse battery staple",
                 *       "realName": "张三 (example)",
                 *       "residentId": "35010219900101123X",
                 *       "phone": "13800000000",
                 *       "bankAccount": {
                 *         "bankName": "Bank of Fuzhou",
                 *         "accountNumber": "6222020000000000000",
                 *         "accountName": "张三 (example)"
                 *       },
                 *       "newPassphrase": "tr0ub4dor and three more words"
                 *     }
                 */
                "application/json": components["schemas"]["ReporterProfileUpdate"];
            };
        };
        responses: {
            /** @description The details as now registered. */
            200: {
                headers: {
                    "Cache-Control": components["headers"]["CacheControl"];
                    "X-Request-Id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "realName": "张三 (example)",
                     *       "residentId": "350102199001011238",
                     *       "phone": "13800000000",
                     *       "bankAccount": {
                     *         "bankName": "Bank of Fuzhou",
                     *         "accountNumber": "6222020000000000000",
                     *         "accountName": "张三 (example)"
                     *       },
                     *       "registeredAt": "2026-01-05T08:00:00.000Z",
                     *       "updatedAt": "2026-01-05T08:00:00.000Z"
                     *     }
                     */
                    "application/json": components["schemas"]["ReporterProfile"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["TooManyRequests"];
            "4XX": components["responses"]["ClientError"];
            default: components["responses"]["Problem"];
        };
    };
    submitTip: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description A unique key (1–255 printable ASCII characters) per logical operation, scoped to the
                 *     caller, the operation and the path, kept 24 hours. A retry with the same key and the same
                 *     body (compared by its SHA-256) returns the first successful response with
                 *     `Idempotent-Replayed: true`; the same key with another body is
                 *     `409 idempotency_key_reused`, and while the first request still runs
                 *     `409 idempotency_in_progress`. A JSON body is always compared; only a streamed
                 *     `multipart/form-data` body (tips and reporter replies with files), which is never
                 *     buffered, matches on the key alone. Error responses are not stored: a retry after one runs
                 *     again. See `docs/errors.md#idempotency`.
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "description": "Raw meat stored next to cooked food in the kitchen.",
                 *       "shop": {
                 *         "platformId": "plt_demo",
                 *         "platformShopId": "ps-1001",
                 *         "name": "闽江面馆 Minjiang Noodle House",
                 *         "address": "12 Wuyi Road, Gulou District, Fuzhou"
                 *       },
                 *       "districtCode": "350102",
                 *       "category": "unhygienic_kitchen",
                 *       "observedAt": "2026-01-05T08:00:00.000Z",
                 *       "insider": false
                 *     }
                 */
                "application/json": components["schemas"]["TipSubmission"];
                "multipart/form-data": components["schemas"]["TipSubmissionMultipart"];
            };
        };
        responses: {
            /** @description The tip was received and a case opened. */
            201: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    "Cache-Control": components["headers"]["CacheControl"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "identityCode": "FZ-7K3M-Q9XD-K",
                     *       "receiptSecret": "r7Q2v9Zk3mW8xT1cB4nF6hJ0pL5sD2aG",
                     *       "receipt": "eyJhbGciOiJFZERTQSIsImtpZCI6ImtleV8yMDI2XzAxIiwidHlwIjoiZXpoaWxpLXRpcC1yZWNlaXB0K2p3dCJ9.eyJpc3MiOiJodHRwczovL2V6aGlsaS5leGFtcGxlIiwiaWRlbnRpdHlDb2RlIjoiRlotN0szTS1ROVhELUsiLCJzdWJtaXR0ZWRBdCI6IjIwMjYtMDEtMDVUMDg6MDA6MDAuMDAwWiJ9.2T9cXq6b0m5yHf1kLwJ8pA3sVvN4eR7uZ0oQhG2iD5jKcB9xY1tW6nM8lP3aE4rS7gF0dU2vHqJ5kXzC1bN9yA",
                     *       "submittedAt": "2026-01-05T08:00:00.000Z",
                     *       "evidence": [
                     *         {
                     *           "id": "evd_01kdx3r8n0m2v4q6s8t0w2y4z6",
                     *           "contentType": "image/jpeg",
                     *           "size": 184320,
                     *           "sha256": "b5bb9d8014a0f9b1d61e21e796d78dccdf1352f23cd32812f4850b878ae4944c"
                     *         }
                     *       ],
                     *       "deadlines": {
                     *         "acknowledgeBy": "2026-01-05T08:00:00.000Z",
                     *         "feedbackBy": "2026-01-05T08:00:00.000Z",
                     *         "acknowledgedAt": "2026-01-05T08:00:00.000Z",
                     *         "feedbackGivenAt": "2026-01-05T08:00:00.000Z"
                     *       }
                     *     }
                     */
                    "application/json": components["schemas"]["TipReceipt"];
                };
            };
            400: components["responses"]["BadRequest"];
            413: components["responses"]["Problem"];
            415: components["responses"]["Problem"];
            422: components["responses"]["Problem"];
            "4XX": components["responses"]["ClientError"];
            default: components["responses"]["Problem"];
        };
    };
    getTip: {
        parameters: {
            query?: never;
            header: {
                /** @description The tip's identity code, e.g. `FZ-7K3M-Q9XD-K` (kept out of URLs so it stays out of access logs). */
                "Ezhili-Identity-Code": components["parameters"]["IdentityCodeHeader"];
                /**
                 * @description The receipt secret shown once at submission. Required unless the caller sends the
                 *     reporter session that submitted (or later claimed) the tip.
                 */
                "Ezhili-Receipt-Secret"?: components["parameters"]["ReceiptSecretHeader"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Status, deadlines, messages, reward state and identity-access notices. */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    "Cache-Control": components["headers"]["CacheControl"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "identityCode": "FZ-7K3M-Q9XD-K",
                     *       "status": "received",
                     *       "outcome": "violation_confirmed",
                     *       "submittedAt": "2026-01-05T08:00:00.000Z",
                     *       "category": "unhygienic_kitchen",
                     *       "districtCode": "350102",
                     *       "deadlines": {
                     *         "acknowledgeBy": "2026-01-05T08:00:00.000Z",
                     *         "feedbackBy": "2026-01-05T08:00:00.000Z",
                     *         "acknowledgedAt": "2026-01-05T08:00:00.000Z",
                     *         "feedbackGivenAt": "2026-01-05T08:00:00.000Z"
                     *       },
                     *       "messages": [
                     *         {
                     *           "id": "msg_01kdx3r8n0m2v4q6s8t0w2y4z6",
                     *           "from": "reporter",
                     *           "body": "Raw meat stored next to cooked food in the kitchen.",
                     *           "sentAt": "2026-01-05T08:00:00.000Z",
                     *           "attachments": [
                     *             {
                     *               "kind": "photo",
                     *               "size": 184320
                     *             }
                     *           ]
                     *         }
                     *       ],
                     *       "reward": {
                     *         "status": "claimable",
                     *         "claimDeadline": "2026-01-05T08:00:00.000Z",
                     *         "claimedAt": "2026-01-05T08:00:00.000Z",
                     *         "level": 1,
                     *         "amountFen": 250000,
                     *         "payoutFailureReason": "Review complete; licence verified.",
                     *         "actionRequired": "attach_account",
                     *         "paidAt": "2026-01-05T08:00:00.000Z"
                     *       },
                     *       "identityAccessNotices": [
                     *         {
                     *           "accessedAt": "2026-01-05T08:00:00.000Z",
                     *           "legalBasis": "Food Safety Law of the PRC, Article 34",
                     *           "reason": "Review complete; licence verified.",
                     *           "approvals": 1
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["TipView"];
                };
            };
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
            "4XX": components["responses"]["ClientError"];
            default: components["responses"]["Problem"];
        };
    };
    listTipMessages: {
        parameters: {
            query?: never;
            header: {
                /** @description The tip's identity code, e.g. `FZ-7K3M-Q9XD-K` (kept out of URLs so it stays out of access logs). */
                "Ezhili-Identity-Code": components["parameters"]["IdentityCodeHeader"];
                /**
                 * @description The receipt secret shown once at submission. Required unless the caller sends the
                 *     reporter session that submitted (or later claimed) the tip.
                 */
                "Ezhili-Receipt-Secret"?: components["parameters"]["ReceiptSecretHeader"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The messages, oldest first. Internal notes are never included. */
            200: {
                headers: {
                    "Cache-Control": components["headers"]["CacheControl"];
                    "X-Request-Id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "items": [
                     *         {
                     *           "id": "msg_01kdx3r8n0m2v4q6s8t0w2y4z6",
                     *           "from": "reporter",
                     *           "body": "Raw meat stored next to cooked food in the kitchen.",
                     *           "sentAt": "2026-01-05T08:00:00.000Z",
                     *           "attachments": [
                     *             {
                     *               "kind": "photo",
                     *               "size": 184320
                     *             }
                     *           ]
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["MessageList"];
                };
            };
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
            "4XX": components["responses"]["ClientError"];
            default: components["responses"]["Problem"];
        };
    };
    postTipMessage: {
        parameters: {
            query?: never;
            header: {
                /** @description The tip's identity code, e.g. `FZ-7K3M-Q9XD-K` (kept out of URLs so it stays out of access logs). */
                "Ezhili-Identity-Code": components["parameters"]["IdentityCodeHeader"];
                /**
                 * @description The receipt secret shown once at submission. Required unless the caller sends the
                 *     reporter session that submitted (or later claimed) the tip.
                 */
                "Ezhili-Receipt-Secret"?: components["parameters"]["ReceiptSecretHeader"];
                /**
                 * @description A unique key (1–255 printable ASCII characters) per logical operation, scoped to the
                 *     caller, the operation and the path, kept 24 hours. A retry with the same key and the same
                 *     body (compared by its SHA-256) returns the first successful response with
                 *     `Idempotent-Replayed: true`; the same key with another body is
                 *     `409 idempotency_key_reused`, and while the first request still runs
                 *     `409 idempotency_in_progress`. A JSON body is always compared; only a streamed
                 *     `multipart/form-data` body (tips and reporter replies with files), which is never
                 *     buffered, matches on the key alone. Error responses are not stored: a retry after one runs
                 *     again. See `docs/errors.md#idempotency`.
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "body": "Raw meat stored next to cooked food in the kitchen."
                 *     }
                 */
                "application/json": components["schemas"]["NewMessage"];
                "multipart/form-data": components["schemas"]["NewMessageMultipart"];
            };
        };
        responses: {
            /** @description The message was stored. */
            201: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "msg_01kdx3r8n0m2v4q6s8t0w2y4z6",
                     *       "from": "reporter",
                     *       "body": "Raw meat stored next to cooked food in the kitchen.",
                     *       "sentAt": "2026-01-05T08:00:00.000Z",
                     *       "attachments": [
                     *         {
                     *           "kind": "photo",
                     *           "size": 184320
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["Message"];
                };
            };
            400: components["responses"]["BadRequest"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Problem"];
            413: components["responses"]["Problem"];
            415: components["responses"]["Problem"];
            422: components["responses"]["Problem"];
            429: components["responses"]["TooManyRequests"];
            "4XX": components["responses"]["ClientError"];
            default: components["responses"]["Problem"];
        };
    };
    listCases: {
        parameters: {
            query?: {
                state?: components["schemas"]["CaseState"];
                /** @description Only cases held by this unit. */
                assignedUnit?: components["schemas"]["CaseUnit"];
                /** @description Only cases of this violation category. */
                category?: components["schemas"]["ViolationCategory"];
                /** @description Only cases triaged with this classification. */
                classification?: "general" | "complex";
                /** @description Text search, case-insensitive, over the staff-visible texts of a case (see above). */
                q?: string;
                /** @description `newest` (default) or `oldest` received first; a cursor keeps the order it was issued in. */
                sort?: "newest" | "oldest";
                overdue?: boolean;
                /** @description Only cases whose shop is in this district (the district that routing uses). */
                districtCode?: components["schemas"]["DistrictCode"];
                /**
                 * @description Only cases assigned to this officer (a staff user id), `me` for the caller's own cases
                 *     ("my cases"), or `none` for the cases nobody in the unit has taken yet.
                 */
                officer?: string;
                /**
                 * @description Opaque cursor: a previous page's `nextCursor` of the same list, sent back unchanged. Any
                 *     other value (made up, an id, another list's cursor) is refused with `400 invalid_cursor`.
                 */
                cursor?: components["parameters"]["Cursor"];
                limit?: components["parameters"]["Limit"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of cases, in the order asked for (newest first by default). */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "items": [
                     *         {
                     *           "id": "case_01kdx3r8n0m2v4q6s8t0w2y4z6",
                     *           "identityCode": "FZ-7K3M-Q9XD-K",
                     *           "source": "tip",
                     *           "state": "received",
                     *           "outcome": "violation_confirmed",
                     *           "category": "unhygienic_kitchen",
                     *           "districtCode": "350102",
                     *           "classification": "general",
                     *           "assignedUnit": "intake",
                     *           "assignedDistrictCode": "350102",
                     *           "assignedOfficer": {
                     *             "id": "stf_01kdx3r8n0m2v4q6s8t0w2y4z6",
                     *             "displayName": "Gulou District Handler"
                     *           },
                     *           "receivedAt": "2026-01-05T08:00:00.000Z",
                     *           "updatedAt": "2026-01-05T08:00:00.000Z",
                     *           "deadlines": {
                     *             "acknowledgeBy": "2026-01-05T08:00:00.000Z",
                     *             "feedbackBy": "2026-01-05T08:00:00.000Z",
                     *             "acknowledgedAt": "2026-01-05T08:00:00.000Z",
                     *             "feedbackGivenAt": "2026-01-05T08:00:00.000Z",
                     *             "overdue": [
                     *               "acknowledgement"
                     *             ]
                     *           }
                     *         }
                     *       ],
                     *       "nextCursor": "WyJjYXNlcyIsImNhc2VfMDFrZHgzcjhuMG0ydjRxNnM4dDB3Mnk0ejYiXQ"
                     *     }
                     */
                    "application/json": components["schemas"]["CaseList"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            "4XX": components["responses"]["ClientError"];
            default: components["responses"]["Problem"];
        };
    };
    getCaseCounts: {
        parameters: {
            query?: {
                /** @description Only cases held by this unit. */
                assignedUnit?: components["schemas"]["CaseUnit"];
                /** @description Only cases whose shop is in this district. */
                districtCode?: components["schemas"]["DistrictCode"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The counts. */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "received": 4,
                     *       "triaged": 2,
                     *       "investigating": 3,
                     *       "closed": 17,
                     *       "overdue": 1
                     *     }
                     */
                    "application/json": components["schemas"]["CaseCounts"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            "4XX": components["responses"]["ClientError"];
            default: components["responses"]["Problem"];
        };
    };
    routeCases: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description A unique key (1–255 printable ASCII characters) per logical operation, scoped to the
                 *     caller, the operation and the path, kept 24 hours. A retry with the same key and the same
                 *     body (compared by its SHA-256) returns the first successful response with
                 *     `Idempotent-Replayed: true`; the same key with another body is
                 *     `409 idempotency_key_reused`, and while the first request still runs
                 *     `409 idempotency_in_progress`. A JSON body is always compared; only a streamed
                 *     `multipart/form-data` body (tips and reporter replies with files), which is never
                 *     buffered, matches on the key alone. Error responses are not stored: a retry after one runs
                 *     again. See `docs/errors.md#idempotency`.
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "caseIds": [
                 *         "case_01kdx3r8n0m2v4q6s8t0w2y4z6",
                 *         "case_01kdx3r8n0m2v4q6s8t0w2y4z7"
                 *       ],
                 *       "classification": "general",
                 *       "reason": "Both shops are in Gulou; the district bureau handles them."
                 *     }
                 */
                "application/json": components["schemas"]["CaseRoutingRequest"];
            };
        };
        responses: {
            /** @description The cases after routing, in the order asked. */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "routed": [
                     *         {
                     *           "id": "case_01kdx3r8n0m2v4q6s8t0w2y4z6",
                     *           "identityCode": "FZ-7K3M-Q9XD-K",
                     *           "source": "tip",
                     *           "state": "triaged",
                     *           "outcome": null,
                     *           "category": "unhygienic_kitchen",
                     *           "districtCode": "350102",
                     *           "classification": "general",
                     *           "assignedUnit": "district_bureau",
                     *           "assignedDistrictCode": "350102",
                     *           "assignedOfficer": null,
                     *           "receivedAt": "2026-01-05T08:00:00.000Z",
                     *           "updatedAt": "2026-01-05T09:00:00.000Z",
                     *           "deadlines": {
                     *             "acknowledgeBy": "2026-01-12T08:00:00.000Z",
                     *             "feedbackBy": "2026-02-04T09:00:00.000Z",
                     *             "acknowledgedAt": "2026-01-05T09:00:00.000Z",
                     *             "feedbackGivenAt": null,
                     *             "overdue": []
                     *           }
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["CaseRoutingResult"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            /** @description Some case may not be routed so; nothing was changed. */
            409: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://ezhili.org/problems/bulk_routing_refused",
                     *       "title": "Conflict",
                     *       "status": 409,
                     *       "code": "bulk_routing_refused",
                     *       "detail": "1 of 2 cases cannot be routed so; none was routed.",
                     *       "errors": [
                     *         {
                     *           "pointer": "#/caseIds/1",
                     *           "detail": "case_01kdx3r8n0m2v4q6s8t0w2y4z7: case_closed — A closed case cannot be routed."
                     *         }
                     *       ],
                     *       "refusedCaseIds": [
                     *         "case_01kdx3r8n0m2v4q6s8t0w2y4z7"
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            422: components["responses"]["Problem"];
            "4XX": components["responses"]["ClientError"];
            default: components["responses"]["Problem"];
        };
    };
    getCase: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                caseId: components["parameters"]["CaseId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The case. */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "case_01kdx3r8n0m2v4q6s8t0w2y4z6",
                     *       "identityCode": "FZ-7K3M-Q9XD-K",
                     *       "source": "tip",
                     *       "state": "received",
                     *       "outcome": "violation_confirmed",
                     *       "category": "unhygienic_kitchen",
                     *       "districtCode": "350102",
                     *       "classification": "general",
                     *       "assignedUnit": "intake",
                     *       "assignedDistrictCode": "350102",
                     *       "assignedOfficer": {
                     *         "id": "stf_01kdx3r8n0m2v4q6s8t0w2y4z6",
                     *         "displayName": "Gulou District Handler"
                     *       },
                     *       "receivedAt": "2026-01-05T08:00:00.000Z",
                     *       "updatedAt": "2026-01-05T08:00:00.000Z",
                     *       "deadlines": {
                     *         "acknowledgeBy": "2026-01-05T08:00:00.000Z",
                     *         "feedbackBy": "2026-01-05T08:00:00.000Z",
                     *         "acknowledgedAt": "2026-01-05T08:00:00.000Z",
                     *         "feedbackGivenAt": "2026-01-05T08:00:00.000Z",
                     *         "overdue": [
                     *           "acknowledgement"
                     *         ]
                     *       },
                     *       "description": "Raw meat stored next to cooked food in the kitchen.",
                     *       "observedAt": "2026-01-05T08:00:00.000Z",
                     *       "shop": {
                     *         "shopId": "shop_01kdx3r8n0m2v4q6s8t0w2y4z6",
                     *         "platformId": "plt_demo",
                     *         "platformShopId": "ps-1001",
                     *         "name": "闽江面馆 Minjiang Noodle House",
                     *         "address": "12 Wuyi Road, Gulou District, Fuzhou",
                     *         "districtCode": "350102"
                     *       },
                     *       "penaltyFen": 5000000,
                     *       "closingSummary": "Kitchen inspected on 8 January: raw meat was stored beside cooked food; a warning was issued and storage corrected on the spot.",
                     *       "mergedIntoCaseId": "case_01kdx3r8n0m2v4q6s8t0w2y4z7",
                     *       "closedAt": "2026-01-05T08:00:00.000Z",
                     *       "evidence": [
                     *         {
                     *           "id": "evd_01kdx3r8n0m2v4q6s8t0w2y4z6",
                     *           "contentType": "image/jpeg",
                     *           "size": 184320,
                     *           "sha256": "b5bb9d8014a0f9b1d61e21e796d78dccdf1352f23cd32812f4850b878ae4944c"
                     *         }
                     *       ],
                     *       "transitions": [
                     *         {
                     *           "id": "ctr_01kdx3r8n0m2v4q6s8t0w2y4z6",
                     *           "at": "2026-01-05T08:00:00.000Z",
                     *           "action": "received",
                     *           "fromState": "received",
                     *           "toState": "received",
                     *           "actor": "staff:stf_01kdx3r8n0m2v4q6s8t0w2y4z6",
                     *           "details": {}
                     *         }
                     *       ],
                     *       "notes": [
                     *         {
                     *           "id": "note_01kdx3r8n0m2v4q6s8t0w2y4z6",
                     *           "authorStaffId": "stf_01kdx3r8n0m2v4q6s8t0w2y4z6",
                     *           "body": "Raw meat stored next to cooked food in the kitchen.",
                     *           "createdAt": "2026-01-05T08:00:00.000Z"
                     *         }
                     *       ],
                     *       "messages": [
                     *         {
                     *           "id": "case_01kdx3r8n0m2v4q6s8t0w2y4z6",
                     *           "from": "reporter",
                     *           "body": "Raw meat stored next to cooked food in the kitchen.",
                     *           "sentAt": "2026-01-05T08:00:00.000Z",
                     *           "attachments": [
                     *             {
                     *               "evidenceId": "evd_01kdx3r8n0m2v4q6s8t0w2y4z6",
                     *               "kind": "photo",
                     *               "contentType": "image/jpeg",
                     *               "size": 184320,
                     *               "sha256": "b5bb9d8014a0f9b1d61e21e796d78dccdf1352f23cd32812f4850b878ae4944c"
                     *             }
                     *           ]
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["CaseDetail"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            "4XX": components["responses"]["ClientError"];
            default: components["responses"]["Problem"];
        };
    };
    triageCase: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description A unique key (1–255 printable ASCII characters) per logical operation, scoped to the
                 *     caller, the operation and the path, kept 24 hours. A retry with the same key and the same
                 *     body (compared by its SHA-256) returns the first successful response with
                 *     `Idempotent-Replayed: true`; the same key with another body is
                 *     `409 idempotency_key_reused`, and while the first request still runs
                 *     `409 idempotency_in_progress`. A JSON body is always compared; only a streamed
                 *     `multipart/form-data` body (tips and reporter replies with files), which is never
                 *     buffered, matches on the key alone. Error responses are not stored: a retry after one runs
                 *     again. See `docs/errors.md#idempotency`.
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path: {
                caseId: components["parameters"]["CaseId"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "decision": "accept",
                 *       "classification": "general",
                 *       "reason": "Review complete; licence verified.",
                 *       "duplicateOfCaseId": "case_01kdx3r8n0m2v4q6s8t0w2y4z7"
                 *     }
                 */
                "application/json": components["schemas"]["TriageDecision"];
            };
        };
        responses: {
            /** @description The case after triage. */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "case_01kdx3r8n0m2v4q6s8t0w2y4z6",
                     *       "identityCode": "FZ-7K3M-Q9XD-K",
                     *       "source": "tip",
                     *       "state": "received",
                     *       "outcome": "violation_confirmed",
                     *       "category": "unhygienic_kitchen",
                     *       "districtCode": "350102",
                     *       "classification": "general",
                     *       "assignedUnit": "intake",
                     *       "assignedDistrictCode": "350102",
                     *       "assignedOfficer": {
                     *         "id": "stf_01kdx3r8n0m2v4q6s8t0w2y4z6",
                     *         "displayName": "Gulou District Handler"
                     *       },
                     *       "receivedAt": "2026-01-05T08:00:00.000Z",
                     *       "updatedAt": "2026-01-05T08:00:00.000Z",
                     *       "deadlines": {
                     *         "acknowledgeBy": "2026-01-05T08:00:00.000Z",
                     *         "feedbackBy": "2026-01-05T08:00:00.000Z",
                     *         "acknowledgedAt": "2026-01-05T08:00:00.000Z",
                     *         "feedbackGivenAt": "2026-01-05T08:00:00.000Z",
                     *         "overdue": [
                     *           "acknowledgement"
                     *         ]
                     *       },
                     *       "description": "Raw meat stored next to cooked food in the kitchen.",
                     *       "observedAt": "2026-01-05T08:00:00.000Z",
                     *       "shop": {
                     *         "shopId": "shop_01kdx3r8n0m2v4q6s8t0w2y4z6",
                     *         "platformId": "plt_demo",
                     *         "platformShopId": "ps-1001",
                     *         "name": "闽江面馆 Minjiang Noodle House",
                     *         "address": "12 Wuyi Road, Gulou District, Fuzhou",
                     *         "districtCode": "350102"
                     *       },
                     *       "penaltyFen": 5000000,
                     *       "closingSummary": "Kitchen inspected on 8 January: raw meat was stored beside cooked food; a warning was issued and storage corrected on the spot.",
                     *       "mergedIntoCaseId": "case_01kdx3r8n0m2v4q6s8t0w2y4z7",
                     *       "closedAt": "2026-01-05T08:00:00.000Z",
                     *       "evidence": [
                     *         {
                     *           "id": "evd_01kdx3r8n0m2v4q6s8t0w2y4z6",
                     *           "contentType": "image/jpeg",
                     *           "size": 184320,
                     *           "sha256": "b5bb9d8014a0f9b1d61e21e796d78dccdf1352f23cd32812f4850b878ae4944c"
                     *         }
                     *       ],
                     *       "transitions": [
                     *         {
                     *           "id": "ctr_01kdx3r8n0m2v4q6s8t0w2y4z6",
                     *           "at": "2026-01-05T08:00:00.000Z",
                     *           "action": "received",
                     *           "fromState": "received",
                     *           "toState": "received",
                     *           "actor": "staff:stf_01kdx3r8n0m2v4q6s8t0w2y4z6",
                     *           "details": {}
                     *         }
                     *       ],
                     *       "notes": [
                     *         {
                     *           "id": "note_01kdx3r8n0m2v4q6s8t0w2y4z6",
                     *           "authorStaffId": "stf_01kdx3r8n0m2v4q6s8t0w2y4z6",
                     *           "body": "Raw meat stored next to cooked food in the kitchen.",
                     *           "createdAt": "2026-01-05T08:00:00.000Z"
                     *         }
                     *       ],
                     *       "messages": [
                     *         {
                     *           "id": "case_01kdx3r8n0m2v4q6s8t0w2y4z6",
                     *           "from": "reporter",
                     *           "body": "Raw meat stored next to cooked food in the kitchen.",
                     *           "sentAt": "2026-01-05T08:00:00.000Z",
                     *           "attachments": [
                     *             {
                     *               "evidenceId": "evd_01kdx3r8n0m2v4q6s8t0w2y4z6",
                     *               "kind": "photo",
                     *               "contentType": "image/jpeg",
                     *               "size": 184320,
                     *               "sha256": "b5bb9d8014a0f9b1d61e21e796d78dccdf1352f23cd32812f4850b878ae4944c"
                     *             }
                     *           ]
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["CaseDetail"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Problem"];
            422: components["responses"]["Problem"];
            "4XX": components["responses"]["ClientError"];
            default: components["responses"]["Problem"];
        };
    };
    transitionCase: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description A unique key (1–255 printable ASCII characters) per logical operation, scoped to the
                 *     caller, the operation and the path, kept 24 hours. A retry with the same key and the same
                 *     body (compared by its SHA-256) returns the first successful response with
                 *     `Idempotent-Replayed: true`; the same key with another body is
                 *     `409 idempotency_key_reused`, and while the first request still runs
                 *     `409 idempotency_in_progress`. A JSON body is always compared; only a streamed
                 *     `multipart/form-data` body (tips and reporter replies with files), which is never
                 *     buffered, matches on the key alone. Error responses are not stored: a retry after one runs
                 *     again. See `docs/errors.md#idempotency`.
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path: {
                caseId: components["parameters"]["CaseId"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "action": "investigate",
                 *       "outcome": "violation_confirmed",
                 *       "penaltyFen": 5000000,
                 *       "summary": "Raw meat stored next to cooked food in the kitchen.",
                 *       "classification": "general",
                 *       "districtCode": "350102",
                 *       "reason": "Review complete; licence verified."
                 *     }
                 */
                "application/json": components["schemas"]["CaseTransitionRequest"];
            };
        };
        responses: {
            /** @description The case after the transition. */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "case_01kdx3r8n0m2v4q6s8t0w2y4z6",
                     *       "identityCode": "FZ-7K3M-Q9XD-K",
                     *       "source": "tip",
                     *       "state": "received",
                     *       "outcome": "violation_confirmed",
                     *       "category": "unhygienic_kitchen",
                     *       "districtCode": "350102",
                     *       "classification": "general",
                     *       "assignedUnit": "intake",
                     *       "assignedDistrictCode": "350102",
                     *       "assignedOfficer": {
                     *         "id": "stf_01kdx3r8n0m2v4q6s8t0w2y4z6",
                     *         "displayName": "Gulou District Handler"
                     *       },
                     *       "receivedAt": "2026-01-05T08:00:00.000Z",
                     *       "updatedAt": "2026-01-05T08:00:00.000Z",
                     *       "deadlines": {
                     *         "acknowledgeBy": "2026-01-05T08:00:00.000Z",
                     *         "feedbackBy": "2026-01-05T08:00:00.000Z",
                     *         "acknowledgedAt": "2026-01-05T08:00:00.000Z",
                     *         "feedbackGivenAt": "2026-01-05T08:00:00.000Z",
                     *         "overdue": [
                     *           "acknowledgement"
                     *         ]
                     *       },
                     *       "description": "Raw meat stored next to cooked food in the kitchen.",
                     *       "observedAt": "2026-01-05T08:00:00.000Z",
                     *       "shop": {
                     *         "shopId": "shop_01kdx3r8n0m2v4q6s8t0w2y4z6",
                     *         "platformId": "plt_demo",
                     *         "platformShopId": "ps-1001",
                     *         "name": "闽江面馆 Minjiang Noodle House",
                     *         "address": "12 Wuyi Road, Gulou District, Fuzhou",
                     *         "districtCode": "350102"
                     *       },
                     *       "penaltyFen": 5000000,
                     *       "closingSummary": "Kitchen inspected on 8 January: raw meat was stored beside cooked food; a warning was issued and storage corrected on the spot.",
                     *       "mergedIntoCaseId": "case_01kdx3r8n0m2v4q6s8t0w2y4z7",
                     *       "closedAt": "2026-01-05T08:00:00.000Z",
                     *       "evidence": [
                     *         {
                     *           "id": "evd_01kdx3r8n0m2v4q6s8t0w2y4z6",
                     *           "contentType": "image/jpeg",
                     *           "size": 184320,
                     *           "sha256": "b5bb9d8014a0f9b1d61e21e796d78dccdf1352f23cd32812f4850b878ae4944c"
                     *         }
                     *       ],
                     *       "transitions": [
                     *         {
                     *           "id": "ctr_01kdx3r8n0m2v4q6s8t0w2y4z6",
                     *           "at": "2026-01-05T08:00:00.000Z",
                     *           "action": "received",
                     *           "fromState": "received",
                     *           "toState": "received",
                     *           "actor": "staff:stf_01kdx3r8n0m2v4q6s8t0w2y4z6",
                     *           "details": {}
                     *         }
                     *       ],
                     *       "notes": [
                     *         {
                     *           "id": "note_01kdx3r8n0m2v4q6s8t0w2y4z6",
                     *           "authorStaffId": "stf_01kdx3r8n0m2v4q6s8t0w2y4z6",
                     *           "body": "Raw meat stored next to cooked food in the kitchen.",
                     *           "createdAt": "2026-01-05T08:00:00.000Z"
                     *         }
                     *       ],
                     *       "messages": [
                     *         {
                     *           "id": "case_01kdx3r8n0m2v4q6s8t0w2y4z6",
                     *           "from": "reporter",
                     *           "body": "Raw meat stored next to cooked food in the kitchen.",
                     *           "sentAt": "2026-01-05T08:00:00.000Z",
                     *           "attachments": [
                     *             {
                     *               "evidenceId": "evd_01kdx3r8n0m2v4q6s8t0w2y4z6",
                     *               "kind": "photo",
                     *               "contentType": "image/jpeg",
                     *               "size": 184320,
                     *               "sha256": "b5bb9d8014a0f9b1d61e21e796d78dccdf1352f23cd32812f4850b878ae4944c"
                     *             }
                     *           ]
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["CaseDetail"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Problem"];
            422: components["responses"]["Problem"];
            "4XX": components["responses"]["ClientError"];
            default: components["responses"]["Problem"];
        };
    };
    getEvidenceFile: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                caseId: components["parameters"]["CaseId"];
                evidenceId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The file, with its sniffed content type. */
            200: {
                headers: {
                    /** @description SHA-256 (hex) of the stored, stripped file. */
                    "Ezhili-Evidence-Sha256"?: string;
                    "X-Request-Id": components["headers"]["RequestId"];
                    "Cache-Control": components["headers"]["CacheControl"];
                    "Content-Disposition": components["headers"]["ContentDisposition"];
                    [name: string]: unknown;
                };
                content: {
                    "image/*": string;
                    "video/*": string;
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            "4XX": components["responses"]["ClientError"];
            default: components["responses"]["Problem"];
        };
    };
    redactEvidence: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description A unique key (1–255 printable ASCII characters) per logical operation, scoped to the
                 *     caller, the operation and the path, kept 24 hours. A retry with the same key and the same
                 *     body (compared by its SHA-256) returns the first successful response with
                 *     `Idempotent-Replayed: true`; the same key with another body is
                 *     `409 idempotency_key_reused`, and while the first request still runs
                 *     `409 idempotency_in_progress`. A JSON body is always compared; only a streamed
                 *     `multipart/form-data` body (tips and reporter replies with files), which is never
                 *     buffered, matches on the key alone. Error responses are not stored: a retry after one runs
                 *     again. See `docs/errors.md#idempotency`.
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path: {
                caseId: components["parameters"]["CaseId"];
                evidenceId: components["parameters"]["EvidenceId"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["EvidenceRedactionRequest"];
            };
        };
        responses: {
            /** @description The redaction; the photo as everyone now receives it. */
            201: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EvidenceRedaction"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            /** @description The file is a video, which cannot be redacted. (Or `idempotency_in_progress`, with `Retry-After`.) */
            409: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    "Retry-After": components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A region lies outside the image. */
            422: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            "4XX": components["responses"]["ClientError"];
            default: components["responses"]["Problem"];
        };
    };
    redactCaseText: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description A unique key (1–255 printable ASCII characters) per logical operation, scoped to the
                 *     caller, the operation and the path, kept 24 hours. A retry with the same key and the same
                 *     body (compared by its SHA-256) returns the first successful response with
                 *     `Idempotent-Replayed: true`; the same key with another body is
                 *     `409 idempotency_key_reused`, and while the first request still runs
                 *     `409 idempotency_in_progress`. A JSON body is always compared; only a streamed
                 *     `multipart/form-data` body (tips and reporter replies with files), which is never
                 *     buffered, matches on the key alone. Error responses are not stored: a retry after one runs
                 *     again. See `docs/errors.md#idempotency`.
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path: {
                caseId: components["parameters"]["CaseId"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["TextRedactionRequest"];
            };
        };
        responses: {
            /** @description The redaction and the text as everyone now reads it. */
            201: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TextRedaction"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            /** @description A range lies outside the text, or ranges overlap. */
            422: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            "4XX": components["responses"]["ClientError"];
            default: components["responses"]["Problem"];
        };
    };
    exportCaseFilePdf: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                caseId: components["parameters"]["CaseId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The PDF. */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    "Cache-Control": components["headers"]["CacheControl"];
                    "Content-Disposition": components["headers"]["ContentDisposition"];
                    [name: string]: unknown;
                };
                content: {
                    "application/pdf": string;
                };
            };
            401: components["responses"]["Problem"];
            403: components["responses"]["Problem"];
            404: components["responses"]["Problem"];
            /** @description The CJK font is not installed where `EXPORT_CJK_FONT` points. */
            503: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            "4XX": components["responses"]["Problem"];
            default: components["responses"]["Problem"];
        };
    };
    addCaseNote: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description A unique key (1–255 printable ASCII characters) per logical operation, scoped to the
                 *     caller, the operation and the path, kept 24 hours. A retry with the same key and the same
                 *     body (compared by its SHA-256) returns the first successful response with
                 *     `Idempotent-Replayed: true`; the same key with another body is
                 *     `409 idempotency_key_reused`, and while the first request still runs
                 *     `409 idempotency_in_progress`. A JSON body is always compared; only a streamed
                 *     `multipart/form-data` body (tips and reporter replies with files), which is never
                 *     buffered, matches on the key alone. Error responses are not stored: a retry after one runs
                 *     again. See `docs/errors.md#idempotency`.
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path: {
                caseId: components["parameters"]["CaseId"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "body": "Raw meat stored next to cooked food in the kitchen."
                 *     }
                 */
                "application/json": components["schemas"]["NewCaseNote"];
            };
        };
        responses: {
            /** @description The note. */
            201: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "case_01kdx3r8n0m2v4q6s8t0w2y4z6",
                     *       "authorStaffId": "stf_01kdx3r8n0m2v4q6s8t0w2y4z6",
                     *       "body": "Raw meat stored next to cooked food in the kitchen.",
                     *       "createdAt": "2026-01-05T08:00:00.000Z"
                     *     }
                     */
                    "application/json": components["schemas"]["CaseNote"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            "4XX": components["responses"]["ClientError"];
            default: components["responses"]["Problem"];
        };
    };
    assignCaseOfficer: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description A unique key (1–255 printable ASCII characters) per logical operation, scoped to the
                 *     caller, the operation and the path, kept 24 hours. A retry with the same key and the same
                 *     body (compared by its SHA-256) returns the first successful response with
                 *     `Idempotent-Replayed: true`; the same key with another body is
                 *     `409 idempotency_key_reused`, and while the first request still runs
                 *     `409 idempotency_in_progress`. A JSON body is always compared; only a streamed
                 *     `multipart/form-data` body (tips and reporter replies with files), which is never
                 *     buffered, matches on the key alone. Error responses are not stored: a retry after one runs
                 *     again. See `docs/errors.md#idempotency`.
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path: {
                caseId: components["parameters"]["CaseId"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "officerId": "stf_01kdx3r8n0m2v4q6s8t0w2y4z6",
                 *       "reason": "Knows the shop from last year's inspection."
                 *     }
                 */
                "application/json": components["schemas"]["CaseOfficerAssignment"];
            };
        };
        responses: {
            /** @description The case with its new officer. */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "case_01kdx3r8n0m2v4q6s8t0w2y4z6",
                     *       "identityCode": "FZ-7K3M-Q9XD-K",
                     *       "source": "tip",
                     *       "state": "investigating",
                     *       "outcome": null,
                     *       "category": "unhygienic_kitchen",
                     *       "districtCode": "350102",
                     *       "classification": "general",
                     *       "assignedUnit": "district_bureau",
                     *       "assignedDistrictCode": "350102",
                     *       "assignedOfficer": {
                     *         "id": "stf_01kdx3r8n0m2v4q6s8t0w2y4z6",
                     *         "displayName": "Gulou District Handler"
                     *       },
                     *       "receivedAt": "2026-01-05T08:00:00.000Z",
                     *       "updatedAt": "2026-01-06T09:00:00.000Z",
                     *       "deadlines": {
                     *         "acknowledgeBy": "2026-01-12T08:00:00.000Z",
                     *         "feedbackBy": "2026-04-05T08:00:00.000Z",
                     *         "acknowledgedAt": "2026-01-05T10:00:00.000Z",
                     *         "feedbackGivenAt": null,
                     *         "overdue": []
                     *       },
                     *       "description": "Raw meat stored next to cooked food in the kitchen.",
                     *       "observedAt": "2026-01-05T08:00:00.000Z",
                     *       "shop": {
                     *         "shopId": "shop_01kdx3r8n0m2v4q6s8t0w2y4z6",
                     *         "platformId": "plt_demo",
                     *         "platformShopId": "ps-1001",
                     *         "name": "闽江面馆 Minjiang Noodle House",
                     *         "address": "12 Wuyi Road, Gulou District, Fuzhou",
                     *         "districtCode": "350102"
                     *       },
                     *       "penaltyFen": null,
                     *       "closingSummary": null,
                     *       "mergedIntoCaseId": null,
                     *       "closedAt": null,
                     *       "evidence": [],
                     *       "transitions": [
                     *         {
                     *           "id": "ctr_01kdx3r8n0m2v4q6s8t0w2y4z6",
                     *           "at": "2026-01-06T09:00:00.000Z",
                     *           "action": "assign_officer",
                     *           "fromState": "investigating",
                     *           "toState": "investigating",
                     *           "actor": "staff:stf_01kdx3r8n0m2v4q6s8t0w2y4z7",
                     *           "details": {
                     *             "officerId": "stf_01kdx3r8n0m2v4q6s8t0w2y4z6",
                     *             "previousOfficerId": null
                     *           }
                     *         }
                     *       ],
                     *       "notes": [],
                     *       "messages": []
                     *     }
                     */
                    "application/json": components["schemas"]["CaseDetail"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Problem"];
            422: components["responses"]["Problem"];
            "4XX": components["responses"]["ClientError"];
            default: components["responses"]["Problem"];
        };
    };
    listOfficers: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The officers, by unit and name. */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "items": [
                     *         {
                     *           "id": "stf_01kdx3r8n0m2v4q6s8t0w2y4z6",
                     *           "displayName": "Gulou District Handler",
                     *           "unit": "district_bureau",
                     *           "districtCode": "350102"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["OfficerList"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            "4XX": components["responses"]["ClientError"];
            default: components["responses"]["Problem"];
        };
    };
    postCaseMessage: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description A unique key (1–255 printable ASCII characters) per logical operation, scoped to the
                 *     caller, the operation and the path, kept 24 hours. A retry with the same key and the same
                 *     body (compared by its SHA-256) returns the first successful response with
                 *     `Idempotent-Replayed: true`; the same key with another body is
                 *     `409 idempotency_key_reused`, and while the first request still runs
                 *     `409 idempotency_in_progress`. A JSON body is always compared; only a streamed
                 *     `multipart/form-data` body (tips and reporter replies with files), which is never
                 *     buffered, matches on the key alone. Error responses are not stored: a retry after one runs
                 *     again. See `docs/errors.md#idempotency`.
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path: {
                caseId: components["parameters"]["CaseId"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "body": "Raw meat stored next to cooked food in the kitchen."
                 *     }
                 */
                "application/json": components["schemas"]["NewMessage"];
            };
        };
        responses: {
            /** @description The message. */
            201: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "msg_01kdx3r8n0m2v4q6s8t0w2y4z6",
                     *       "from": "reporter",
                     *       "body": "Raw meat stored next to cooked food in the kitchen.",
                     *       "sentAt": "2026-01-05T08:00:00.000Z",
                     *       "attachments": [
                     *         {
                     *           "kind": "photo",
                     *           "size": 184320
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["Message"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Problem"];
            "4XX": components["responses"]["ClientError"];
            default: components["responses"]["Problem"];
        };
    };
    placeLegalHold: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description A unique key (1–255 printable ASCII characters) per logical operation, scoped to the
                 *     caller, the operation and the path, kept 24 hours. A retry with the same key and the same
                 *     body (compared by its SHA-256) returns the first successful response with
                 *     `Idempotent-Replayed: true`; the same key with another body is
                 *     `409 idempotency_key_reused`, and while the first request still runs
                 *     `409 idempotency_in_progress`. A JSON body is always compared; only a streamed
                 *     `multipart/form-data` body (tips and reporter replies with files), which is never
                 *     buffered, matches on the key alone. Error responses are not stored: a retry after one runs
                 *     again. See `docs/errors.md#idempotency`.
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path: {
                caseId: components["parameters"]["CaseId"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "reason": "Administrative litigation filed by the shop operator (court file 2026-0117)."
                 *     }
                 */
                "application/json": components["schemas"]["LegalHoldRequest"];
            };
        };
        responses: {
            /** @description The hold. */
            201: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "caseId": "case_01kdx3r8n0m2v4q6s8t0w2y4z6",
                     *       "reason": "Administrative litigation filed by the shop operator (court file 2026-0117).",
                     *       "placedBy": "stf_01kdx3r8n0m2v4q6s8t0w2y4z6",
                     *       "placedAt": "2026-01-05T08:00:00.000Z"
                     *     }
                     */
                    "application/json": components["schemas"]["LegalHold"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Problem"];
            "4XX": components["responses"]["ClientError"];
            default: components["responses"]["Problem"];
        };
    };
    releaseLegalHold: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description A unique key (1–255 printable ASCII characters) per logical operation, scoped to the
                 *     caller, the operation and the path, kept 24 hours. A retry with the same key and the same
                 *     body (compared by its SHA-256) returns the first successful response with
                 *     `Idempotent-Replayed: true`; the same key with another body is
                 *     `409 idempotency_key_reused`, and while the first request still runs
                 *     `409 idempotency_in_progress`. A JSON body is always compared; only a streamed
                 *     `multipart/form-data` body (tips and reporter replies with files), which is never
                 *     buffered, matches on the key alone. Error responses are not stored: a retry after one runs
                 *     again. See `docs/errors.md#idempotency`.
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path: {
                caseId: components["parameters"]["CaseId"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "reason": "Judgment final (court file 2026-0117); no further appeal possible."
                 *     }
                 */
                "application/json": components["schemas"]["LegalHoldRequest"];
            };
        };
        responses: {
            /** @description The released hold. */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "caseId": "case_01kdx3r8n0m2v4q6s8t0w2y4z6",
                     *       "reason": "Judgment final (court file 2026-0117); no further appeal possible.",
                     *       "releasedBy": "stf_01kdx3r8n0m2v4q6s8t0w2y4z6",
                     *       "releasedAt": "2026-03-05T08:00:00.000Z"
                     *     }
                     */
                    "application/json": components["schemas"]["LegalHoldRelease"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Problem"];
            "4XX": components["responses"]["ClientError"];
            default: components["responses"]["Problem"];
        };
    };
    listAuditEvents: {
        parameters: {
            query?: {
                subjectType?: string;
                subjectId?: string;
                action?: string;
                beforeSeq?: number;
                limit?: components["parameters"]["Limit"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of events. */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "items": [
                     *         {
                     *           "seq": 1,
                     *           "id": "aud_01kdx3r8n0m2v4q6s8t0w2y4z6",
                     *           "at": "2026-01-05T08:00:00.000Z",
                     *           "actor": {
                     *             "type": "staff",
                     *             "id": "stf_01kdx3r8n0m2v4q6s8t0w2y4z6"
                     *           },
                     *           "action": "case.note_added",
                     *           "subject": {
                     *             "type": "case",
                     *             "id": "case_01kdx3r8n0m2v4q6s8t0w2y4z6"
                     *           },
                     *           "details": {},
                     *           "prevHash": "b5bb9d8014a0f9b1d61e21e796d78dccdf1352f23cd32812f4850b878ae4944c",
                     *           "hash": "b5bb9d8014a0f9b1d61e21e796d78dccdf1352f23cd32812f4850b878ae4944c",
                     *           "tombstoned": false
                     *         }
                     *       ],
                     *       "nextBeforeSeq": 1
                     *     }
                     */
                    "application/json": components["schemas"]["AuditEventList"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            "4XX": components["responses"]["ClientError"];
            default: components["responses"]["Problem"];
        };
    };
    verifyAuditChain: {
        parameters: {
            query?: {
                mode?: components["schemas"]["AuditVerificationMode"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The verification result (also when the chain is broken). */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AuditVerification"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            "4XX": components["responses"]["ClientError"];
            default: components["responses"]["Problem"];
        };
    };
    createAuditVerification: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description A unique key (1–255 printable ASCII characters) per logical operation, scoped to the
                 *     caller, the operation and the path, kept 24 hours. A retry with the same key and the same
                 *     body (compared by its SHA-256) returns the first successful response with
                 *     `Idempotent-Replayed: true`; the same key with another body is
                 *     `409 idempotency_key_reused`, and while the first request still runs
                 *     `409 idempotency_in_progress`. A JSON body is always compared; only a streamed
                 *     `multipart/form-data` body (tips and reporter replies with files), which is never
                 *     buffered, matches on the key alone. Error responses are not stored: a retry after one runs
                 *     again. See `docs/errors.md#idempotency`.
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["AuditVerificationRequest"];
            };
        };
        responses: {
            /** @description The job, running (or the run of the same mode already in progress). */
            202: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AuditVerificationJob"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            /** @description The checkpoint given is not one this regulator signed. */
            422: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            "4XX": components["responses"]["ClientError"];
            default: components["responses"]["Problem"];
        };
    };
    getAuditVerification: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                verificationId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The job. */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AuditVerificationJob"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            /** @description No such verification job. */
            404: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            "4XX": components["responses"]["ClientError"];
            default: components["responses"]["Problem"];
        };
    };
    listAuditCheckpoints: {
        parameters: {
            query?: {
                /**
                 * @description Opaque cursor: a previous page's `nextCursor` of the same list, sent back unchanged. Any
                 *     other value (made up, an id, another list's cursor) is refused with `400 invalid_cursor`.
                 */
                cursor?: components["parameters"]["Cursor"];
                limit?: components["parameters"]["Limit"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of checkpoints. */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AuditCheckpointList"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            "4XX": components["responses"]["ClientError"];
            default: components["responses"]["Problem"];
        };
    };
    getRetentionStatus: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The retention status. */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "asOf": "2027-02-05T08:00:00.000Z",
                     *       "categories": [
                     *         {
                     *           "category": "evidence_originals",
                     *           "days": 365,
                     *           "countsFrom": "case_closure",
                     *           "due": 3
                     *         },
                     *         {
                     *           "category": "evidence_copies",
                     *           "days": 1095,
                     *           "countsFrom": "case_closure",
                     *           "due": 0
                     *         },
                     *         {
                     *           "category": "messages",
                     *           "days": 365,
                     *           "countsFrom": "case_closure",
                     *           "due": 12
                     *         },
                     *         {
                     *           "category": "identities",
                     *           "days": 365,
                     *           "countsFrom": "case_closure",
                     *           "due": 1
                     *         },
                     *         {
                     *           "category": "closed_cases",
                     *           "days": 3650,
                     *           "countsFrom": "case_closure",
                     *           "due": 0
                     *         },
                     *         {
                     *           "category": "audit_events",
                     *           "days": 3650,
                     *           "countsFrom": "event_time",
                     *           "due": 0
                     *         }
                     *       ],
                     *       "heldCases": 2,
                     *       "schedule": {
                     *         "everyHours": 24
                     *       },
                     *       "lastRun": {
                     *         "id": "ret_01kdx3r8n0m2v4q6s8t0w2y4z6",
                     *         "trigger": "schedule",
                     *         "startedAt": "2027-02-05T03:00:00.000Z",
                     *         "finishedAt": "2027-02-05T03:00:02.000Z",
                     *         "deleted": {
                     *           "evidence_originals": 4,
                     *           "evidence_copies": 0,
                     *           "messages": 9,
                     *           "identities": 1,
                     *           "closed_cases": 0,
                     *           "audit_events": 0
                     *         },
                     *         "casesAffected": 3,
                     *         "auditSeq": 4711
                     *       }
                     *     }
                     */
                    "application/json": components["schemas"]["RetentionStatus"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            "4XX": components["responses"]["ClientError"];
            default: components["responses"]["Problem"];
        };
    };
    getMetrics: {
        parameters: {
            query?: {
                from?: string;
                to?: string;
                /** @description `launch`: from the first recorded day (instead of `from`). */
                since?: "launch";
                districtCode?: components["schemas"]["DistrictCode"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The figures. */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Metrics"];
                };
            };
            /** @description A reversed or overlong period, or `since` together with `from`. */
            400: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            "4XX": components["responses"]["ClientError"];
            default: components["responses"]["Problem"];
        };
    };
    getTransparencyReport: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The document. */
            200: {
                headers: {
                    "Cache-Control": components["headers"]["CacheControl"];
                    "X-Request-Id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TransparencyReport"];
                };
            };
            /** @description A problem (e.g. too many requests). */
            "4XX": {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            default: components["responses"]["Problem"];
        };
    };
    registerPlatform: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description A unique key (1–255 printable ASCII characters) per logical operation, scoped to the
                 *     caller, the operation and the path, kept 24 hours. A retry with the same key and the same
                 *     body (compared by its SHA-256) returns the first successful response with
                 *     `Idempotent-Replayed: true`; the same key with another body is
                 *     `409 idempotency_key_reused`, and while the first request still runs
                 *     `409 idempotency_in_progress`. A JSON body is always compared; only a streamed
                 *     `multipart/form-data` body (tips and reporter replies with files), which is never
                 *     buffered, matches on the key alone. Error responses are not stored: a retry after one runs
                 *     again. See `docs/errors.md#idempotency`.
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "name": "闽江外卖 Minjiang Takeaway (demo platform)",
                 *       "jwks": {
                 *         "keys": [
                 *           {
                 *             "kty": "OKP",
                 *             "kid": "key_2026_01",
                 *             "crv": "Ed25519",
                 *             "x": "s7ttEQ25P5jOIH_ZFIaoY13szpKgf-KF1cfIiiH6lBc",
                 *             "alg": "EdDSA",
                 *             "use": "sig"
                 *           }
                 *         ]
                 *       },
                 *       "jwksUrl": "https://platform.example/webhooks/ezhili",
                 *       "webhookUrl": "https://platform.example/webhooks/ezhili",
                 *       "contacts": [
                 *         {
                 *           "name": "陈静 Chen Jing (example)",
                 *           "email": "intake@demo.local",
                 *           "phone": "13800000000",
                 *           "role": "intake"
                 *         }
                 *       ]
                 *     }
                 */
                "application/json": components["schemas"]["PlatformRegistration"];
            };
        };
        responses: {
            /** @description The registered platform. */
            201: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "plt_demo",
                     *       "name": "闽江外卖 Minjiang Takeaway (demo platform)",
                     *       "jwks": {
                     *         "keys": [
                     *           {
                     *             "kty": "OKP",
                     *             "kid": "key_2026_01",
                     *             "crv": "Ed25519",
                     *             "x": "s7ttEQ25P5jOIH_ZFIaoY13szpKgf-KF1cfIiiH6lBc",
                     *             "alg": "EdDSA",
                     *             "use": "sig"
                     *           }
                     *         ]
                     *       },
                     *       "jwksUrl": "https://platform.example/webhooks/ezhili",
                     *       "webhookUrl": "https://platform.example/webhooks/ezhili",
                     *       "webhookEnabled": false,
                     *       "webhookDisabledReason": "Review complete; licence verified.",
                     *       "contacts": [
                     *         {
                     *           "name": "陈静 Chen Jing (example)",
                     *           "email": "intake@demo.local",
                     *           "phone": "13800000000",
                     *           "role": "intake"
                     *         }
                     *       ],
                     *       "createdAt": "2026-01-05T08:00:00.000Z",
                     *       "updatedAt": "2026-01-05T08:00:00.000Z"
                     *     }
                     */
                    "application/json": components["schemas"]["Platform"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            422: components["responses"]["Problem"];
            "4XX": components["responses"]["ClientError"];
            default: components["responses"]["Problem"];
        };
    };
    getPlatform: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                platformId: components["parameters"]["PlatformId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The platform. */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "plt_demo",
                     *       "name": "闽江外卖 Minjiang Takeaway (demo platform)",
                     *       "jwks": {
                     *         "keys": [
                     *           {
                     *             "kty": "OKP",
                     *             "kid": "key_2026_01",
                     *             "crv": "Ed25519",
                     *             "x": "s7ttEQ25P5jOIH_ZFIaoY13szpKgf-KF1cfIiiH6lBc",
                     *             "alg": "EdDSA",
                     *             "use": "sig"
                     *           }
                     *         ]
                     *       },
                     *       "jwksUrl": "https://platform.example/webhooks/ezhili",
                     *       "webhookUrl": "https://platform.example/webhooks/ezhili",
                     *       "webhookEnabled": false,
                     *       "webhookDisabledReason": "Review complete; licence verified.",
                     *       "contacts": [
                     *         {
                     *           "name": "陈静 Chen Jing (example)",
                     *           "email": "intake@demo.local",
                     *           "phone": "13800000000",
                     *           "role": "intake"
                     *         }
                     *       ],
                     *       "createdAt": "2026-01-05T08:00:00.000Z",
                     *       "updatedAt": "2026-01-05T08:00:00.000Z"
                     *     }
                     */
                    "application/json": components["schemas"]["Platform"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            "4XX": components["responses"]["ClientError"];
            default: components["responses"]["Problem"];
        };
    };
    updatePlatform: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                platformId: components["parameters"]["PlatformId"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "name": "闽江外卖 Minjiang Takeaway (demo platform)",
                 *       "jwks": {
                 *         "keys": [
                 *           {
                 *             "kty": "OKP",
                 *             "kid": "key_2026_01",
                 *             "crv": "Ed25519",
                 *             "x": "s7ttEQ25P5jOIH_ZFIaoY13szpKgf-KF1cfIiiH6lBc",
                 *             "alg": "EdDSA",
                 *             "use": "sig"
                 *           }
                 *         ]
                 *       },
                 *       "jwksUrl": "https://platform.example/webhooks/ezhili",
                 *       "webhookUrl": "https://platform.example/webhooks/ezhili",
                 *       "webhookEnabled": false,
                 *       "contacts": [
                 *         {
                 *           "name": "陈静 Chen Jing (example)",
                 *           "email": "intake@demo.local",
                 *           "phone": "13800000000",
                 *           "role": "intake"
                 *         }
                 *       ]
                 *     }
                 */
                "application/json": components["schemas"]["PlatformUpdate"];
            };
        };
        responses: {
            /** @description The updated platform. */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "plt_demo",
                     *       "name": "闽江外卖 Minjiang Takeaway (demo platform)",
                     *       "jwks": {
                     *         "keys": [
                     *           {
                     *             "kty": "OKP",
                     *             "kid": "key_2026_01",
                     *             "crv": "Ed25519",
                     *             "x": "s7ttEQ25P5jOIH_ZFIaoY13szpKgf-KF1cfIiiH6lBc",
                     *             "alg": "EdDSA",
                     *             "use": "sig"
                     *           }
                     *         ]
                     *       },
                     *       "jwksUrl": "https://platform.example/webhooks/ezhili",
                     *       "webhookUrl": "https://platform.example/webhooks/ezhili",
                     *       "webhookEnabled": false,
                     *       "webhookDisabledReason": "Review complete; licence verified.",
                     *       "contacts": [
                     *         {
                     *           "name": "陈静 Chen Jing (example)",
                     *           "email": "intake@demo.local",
                     *           "phone": "13800000000",
                     *           "role": "intake"
                     *         }
                     *       ],
                     *       "createdAt": "2026-01-05T08:00:00.000Z",
                     *       "updatedAt": "2026-01-05T08:00:00.000Z"
                     *     }
                     */
                    "application/json": components["schemas"]["Platform"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["Problem"];
            "4XX": components["responses"]["ClientError"];
            default: components["responses"]["Problem"];
        };
    };
    rotateWebhookSecret: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description A unique key (1–255 printable ASCII characters) per logical operation, scoped to the
                 *     caller, the operation and the path, kept 24 hours. A retry with the same key and the same
                 *     body (compared by its SHA-256) returns the first successful response with
                 *     `Idempotent-Replayed: true`; the same key with another body is
                 *     `409 idempotency_key_reused`, and while the first request still runs
                 *     `409 idempotency_in_progress`. A JSON body is always compared; only a streamed
                 *     `multipart/form-data` body (tips and reporter replies with files), which is never
                 *     buffered, matches on the key alone. Error responses are not stored: a retry after one runs
                 *     again. See `docs/errors.md#idempotency`.
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path: {
                platformId: components["parameters"]["PlatformId"];
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                /**
                 * @example {
                 *       "overlapSeconds": 86400
                 *     }
                 */
                "application/json": components["schemas"]["WebhookSecretRotation"];
            };
        };
        responses: {
            /** @description The new secret (shown once) and until when the previous one still signs. */
            201: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "secret": "whsec_LXEWQrcmsEQBYnyp+6wy9chTD7GQPMTbAiWHF5IaSIE=",
                     *       "createdAt": "2026-01-05T08:00:00.000Z",
                     *       "previousSecretExpiresAt": "2026-01-05T08:00:00.000Z"
                     *     }
                     */
                    "application/json": components["schemas"]["WebhookSecret"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            "4XX": components["responses"]["ClientError"];
            default: components["responses"]["Problem"];
        };
    };
    disableWebhookSecret: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                platformId: components["parameters"]["PlatformId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description No `v1` signatures any more. */
            204: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content?: never;
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            "4XX": components["responses"]["ClientError"];
            default: components["responses"]["Problem"];
        };
    };
    listWebhookDeliveries: {
        parameters: {
            query?: {
                state?: components["schemas"]["WebhookDeliveryState"];
                /**
                 * @description Opaque cursor: a previous page's `nextCursor` of the same list, sent back unchanged. Any
                 *     other value (made up, an id, another list's cursor) is refused with `400 invalid_cursor`.
                 */
                cursor?: components["parameters"]["Cursor"];
                limit?: components["parameters"]["Limit"];
            };
            header?: never;
            path: {
                platformId: components["parameters"]["PlatformId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deliveries, newest first. */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "items": [
                     *         {
                     *           "id": "msg_01kdx3r8n0m2v4q6s8t0w2y4z6",
                     *           "platformId": "plt_demo",
                     *           "eventType": "lead.created",
                     *           "state": "pending",
                     *           "attempts": 0,
                     *           "nextAttemptAt": "2026-01-05T08:00:00.000Z",
                     *           "lastStatus": 1,
                     *           "lastError": "HTTP 503",
                     *           "createdAt": "2026-01-05T08:00:00.000Z",
                     *           "deliveredAt": "2026-01-05T08:00:00.000Z"
                     *         }
                     *       ],
                     *       "nextCursor": "WyJjYXNlcyIsImNhc2VfMDFrZHgzcjhuMG0ydjRxNnM4dDB3Mnk0ejYiXQ"
                     *     }
                     */
                    "application/json": {
                        items: components["schemas"]["WebhookDelivery"][];
                        nextCursor: string | null;
                    };
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            "4XX": components["responses"]["ClientError"];
            default: components["responses"]["Problem"];
        };
    };
    retryWebhookDelivery: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description A unique key (1–255 printable ASCII characters) per logical operation, scoped to the
                 *     caller, the operation and the path, kept 24 hours. A retry with the same key and the same
                 *     body (compared by its SHA-256) returns the first successful response with
                 *     `Idempotent-Replayed: true`; the same key with another body is
                 *     `409 idempotency_key_reused`, and while the first request still runs
                 *     `409 idempotency_in_progress`. A JSON body is always compared; only a streamed
                 *     `multipart/form-data` body (tips and reporter replies with files), which is never
                 *     buffered, matches on the key alone. Error responses are not stored: a retry after one runs
                 *     again. See `docs/errors.md#idempotency`.
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path: {
                platformId: components["parameters"]["PlatformId"];
                deliveryId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The message, pending again. */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "msg_01kdx3r8n0m2v4q6s8t0w2y4z6",
                     *       "platformId": "plt_demo",
                     *       "eventType": "lead.created",
                     *       "state": "pending",
                     *       "attempts": 0,
                     *       "nextAttemptAt": "2026-01-05T08:00:00.000Z",
                     *       "lastStatus": 1,
                     *       "lastError": "HTTP 503",
                     *       "createdAt": "2026-01-05T08:00:00.000Z",
                     *       "deliveredAt": "2026-01-05T08:00:00.000Z"
                     *     }
                     */
                    "application/json": components["schemas"]["WebhookDelivery"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Problem"];
            "4XX": components["responses"]["ClientError"];
            default: components["responses"]["Problem"];
        };
    };
    createLead: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description A unique key (1–255 printable ASCII characters) per logical operation, scoped to the
                 *     caller, the operation and the path, kept 24 hours. A retry with the same key and the same
                 *     body (compared by its SHA-256) returns the first successful response with
                 *     `Idempotent-Replayed: true`; the same key with another body is
                 *     `409 idempotency_key_reused`, and while the first request still runs
                 *     `409 idempotency_in_progress`. A JSON body is always compared; only a streamed
                 *     `multipart/form-data` body (tips and reporter replies with files), which is never
                 *     buffered, matches on the key alone. Error responses are not stored: a retry after one runs
                 *     again. See `docs/errors.md#idempotency`.
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "source": "case",
                 *       "caseId": "case_01kdx3r8n0m2v4q6s8t0w2y4z6",
                 *       "shopId": "shop_01kdx3r8n0m2v4q6s8t0w2y4z6",
                 *       "summary": "Raw meat stored next to cooked food in the kitchen.",
                 *       "violationCategory": "unhygienic_kitchen",
                 *       "deadlines": {
                 *         "acknowledgeWithinSeconds": 60,
                 *         "actionWithinSeconds": 60
                 *       }
                 *     }
                 */
                "application/json": components["schemas"]["LeadCreate"];
            };
        };
        responses: {
            /** @description The lead. */
            201: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "lead_01kdx3r8n0m2v4q6s8t0w2y4z6",
                     *       "platformId": "plt_demo",
                     *       "shopId": "shop_01kdx3r8n0m2v4q6s8t0w2y4z6",
                     *       "platformShopId": "ps-1001",
                     *       "shopName": "闽江面馆 Minjiang Noodle House",
                     *       "caseId": "case_01kdx3r8n0m2v4q6s8t0w2y4z6",
                     *       "source": "case",
                     *       "summary": "Raw meat stored next to cooked food in the kitchen.",
                     *       "violationCategory": "unhygienic_kitchen",
                     *       "basis": "confirmed_violation",
                     *       "requestedAction": "take_down",
                     *       "status": "open",
                     *       "createdAt": "2026-01-05T08:00:00.000Z",
                     *       "acknowledgeDueAt": "2026-01-05T08:00:00.000Z",
                     *       "actionDueAt": "2026-01-05T08:00:00.000Z",
                     *       "acknowledgedAt": "2026-01-05T08:00:00.000Z",
                     *       "action": {
                     *         "leadId": "lead_01kdx3r8n0m2v4q6s8t0w2y4z6",
                     *         "action": "taken_down",
                     *         "at": "2026-01-05T08:00:00.000Z",
                     *         "evidence": [
                     *           {
                     *             "description": "Raw meat stored next to cooked food in the kitchen.",
                     *             "url": "https://platform.example/webhooks/ezhili",
                     *             "sha256": "b5bb9d8014a0f9b1d61e21e796d78dccdf1352f23cd32812f4850b878ae4944c",
                     *             "mediaType": "image/jpeg"
                     *           }
                     *         ],
                     *         "note": "Checked the licence on file; it expired in 2025.",
                     *         "reportedAt": "2026-01-05T08:00:00.000Z",
                     *         "attestation": {
                     *           "kid": "key_2026_01",
                     *           "alg": "EdDSA",
                     *           "jti": "5d0c6c1e-0a43-4b5e-9d2f-3c1f3b7b8a10",
                     *           "signedAt": "2026-01-05T08:00:00.000Z",
                     *           "signature": "eyJhbGciOiJFZERTQSIsImI2NCI6ZmFsc2UsImNyaXQiOlsiYjY0Il19..c2lnbmF0dXJl",
                     *           "bodySha256": "b5bb9d8014a0f9b1d61e21e796d78dccdf1352f23cd32812f4850b878ae4944c"
                     *         }
                     *       },
                     *       "overdue": {
                     *         "acknowledge": false,
                     *         "action": false
                     *       }
                     *     }
                     */
                    "application/json": components["schemas"]["Lead"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Problem"];
            422: components["responses"]["Problem"];
            "4XX": components["responses"]["ClientError"];
            default: components["responses"]["Problem"];
        };
    };
    listPlatformLeads: {
        parameters: {
            query?: {
                status?: components["schemas"]["LeadStatus"];
                /** @description Only leads past a deadline without the step (acknowledgement or action). */
                overdue?: boolean;
                /**
                 * @description Opaque cursor: a previous page's `nextCursor` of the same list, sent back unchanged. Any
                 *     other value (made up, an id, another list's cursor) is refused with `400 invalid_cursor`.
                 */
                cursor?: components["parameters"]["Cursor"];
                limit?: components["parameters"]["Limit"];
            };
            header?: never;
            path: {
                platformId: components["parameters"]["PlatformId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of leads. */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "items": [
                     *         {
                     *           "id": "lead_01kdx3r8n0m2v4q6s8t0w2y4z6",
                     *           "platformId": "plt_demo",
                     *           "shopId": "shop_01kdx3r8n0m2v4q6s8t0w2y4z6",
                     *           "platformShopId": "ps-1001",
                     *           "shopName": "闽江面馆 Minjiang Noodle House",
                     *           "caseId": "case_01kdx3r8n0m2v4q6s8t0w2y4z6",
                     *           "source": "case",
                     *           "summary": "Raw meat stored next to cooked food in the kitchen.",
                     *           "violationCategory": "unhygienic_kitchen",
                     *           "basis": "confirmed_violation",
                     *           "requestedAction": "take_down",
                     *           "status": "open",
                     *           "createdAt": "2026-01-05T08:00:00.000Z",
                     *           "acknowledgeDueAt": "2026-01-05T08:00:00.000Z",
                     *           "actionDueAt": "2026-01-05T08:00:00.000Z",
                     *           "acknowledgedAt": "2026-01-05T08:00:00.000Z",
                     *           "action": {
                     *             "leadId": "lead_01kdx3r8n0m2v4q6s8t0w2y4z6",
                     *             "action": "taken_down",
                     *             "at": "2026-01-05T08:00:00.000Z",
                     *             "evidence": [
                     *               {
                     *                 "description": "Raw meat stored next to cooked food in the kitchen.",
                     *                 "url": "https://platform.example/webhooks/ezhili",
                     *                 "sha256": "b5bb9d8014a0f9b1d61e21e796d78dccdf1352f23cd32812f4850b878ae4944c",
                     *                 "mediaType": "image/jpeg"
                     *               }
                     *             ],
                     *             "note": "Checked the licence on file; it expired in 2025.",
                     *             "reportedAt": "2026-01-05T08:00:00.000Z",
                     *             "attestation": {
                     *               "kid": "key_2026_01",
                     *               "alg": "EdDSA",
                     *               "jti": "5d0c6c1e-0a43-4b5e-9d2f-3c1f3b7b8a10",
                     *               "signedAt": "2026-01-05T08:00:00.000Z",
                     *               "signature": "eyJhbGciOiJFZERTQSIsImI2NCI6ZmFsc2UsImNyaXQiOlsiYjY0Il19..c2lnbmF0dXJl",
                     *               "bodySha256": "b5bb9d8014a0f9b1d61e21e796d78dccdf1352f23cd32812f4850b878ae4944c"
                     *             }
                     *           },
                     *           "overdue": {
                     *             "acknowledge": false,
                     *             "action": false
                     *           }
                     *         }
                     *       ],
                     *       "nextCursor": "WyJjYXNlcyIsImNhc2VfMDFrZHgzcjhuMG0ydjRxNnM4dDB3Mnk0ejYiXQ"
                     *     }
                     */
                    "application/json": {
                        items: components["schemas"]["Lead"][];
                        /** @description Pass as `cursor` to continue after the last item; stays usable when the page was the last one. */
                        nextCursor: string | null;
                    };
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            "4XX": components["responses"]["ClientError"];
            default: components["responses"]["Problem"];
        };
    };
    acknowledgeLead: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description A unique key (1–255 printable ASCII characters) per logical operation, scoped to the
                 *     caller, the operation and the path, kept 24 hours. A retry with the same key and the same
                 *     body (compared by its SHA-256) returns the first successful response with
                 *     `Idempotent-Replayed: true`; the same key with another body is
                 *     `409 idempotency_key_reused`, and while the first request still runs
                 *     `409 idempotency_in_progress`. A JSON body is always compared; only a streamed
                 *     `multipart/form-data` body (tips and reporter replies with files), which is never
                 *     buffered, matches on the key alone. Error responses are not stored: a retry after one runs
                 *     again. See `docs/errors.md#idempotency`.
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path: {
                platformId: components["parameters"]["PlatformId"];
                leadId: components["parameters"]["LeadId"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "note": "Checked the licence on file; it expired in 2025."
                 *     }
                 */
                "application/json": components["schemas"]["LeadAcknowledgement"];
            };
        };
        responses: {
            /** @description The acknowledged lead. */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "lead_01kdx3r8n0m2v4q6s8t0w2y4z6",
                     *       "platformId": "plt_demo",
                     *       "shopId": "shop_01kdx3r8n0m2v4q6s8t0w2y4z6",
                     *       "platformShopId": "ps-1001",
                     *       "shopName": "闽江面馆 Minjiang Noodle House",
                     *       "caseId": "case_01kdx3r8n0m2v4q6s8t0w2y4z6",
                     *       "source": "case",
                     *       "summary": "Raw meat stored next to cooked food in the kitchen.",
                     *       "violationCategory": "unhygienic_kitchen",
                     *       "basis": "confirmed_violation",
                     *       "requestedAction": "take_down",
                     *       "status": "open",
                     *       "createdAt": "2026-01-05T08:00:00.000Z",
                     *       "acknowledgeDueAt": "2026-01-05T08:00:00.000Z",
                     *       "actionDueAt": "2026-01-05T08:00:00.000Z",
                     *       "acknowledgedAt": "2026-01-05T08:00:00.000Z",
                     *       "action": {
                     *         "leadId": "lead_01kdx3r8n0m2v4q6s8t0w2y4z6",
                     *         "action": "taken_down",
                     *         "at": "2026-01-05T08:00:00.000Z",
                     *         "evidence": [
                     *           {
                     *             "description": "Raw meat stored next to cooked food in the kitchen.",
                     *             "url": "https://platform.example/webhooks/ezhili",
                     *             "sha256": "b5bb9d8014a0f9b1d61e21e796d78dccdf1352f23cd32812f4850b878ae4944c",
                     *             "mediaType": "image/jpeg"
                     *           }
                     *         ],
                     *         "note": "Checked the licence on file; it expired in 2025.",
                     *         "reportedAt": "2026-01-05T08:00:00.000Z",
                     *         "attestation": {
                     *           "kid": "key_2026_01",
                     *           "alg": "EdDSA",
                     *           "jti": "5d0c6c1e-0a43-4b5e-9d2f-3c1f3b7b8a10",
                     *           "signedAt": "2026-01-05T08:00:00.000Z",
                     *           "signature": "eyJhbGciOiJFZERTQSIsImI2NCI6ZmFsc2UsImNyaXQiOlsiYjY0Il19..c2lnbmF0dXJl",
                     *           "bodySha256": "b5bb9d8014a0f9b1d61e21e796d78dccdf1352f23cd32812f4850b878ae4944c"
                     *         }
                     *       },
                     *       "overdue": {
                     *         "acknowledge": false,
                     *         "action": false
                     *       }
                     *     }
                     */
                    "application/json": components["schemas"]["Lead"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            "4XX": components["responses"]["ClientError"];
            default: components["responses"]["Problem"];
        };
    };
    reportLeadAction: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description A unique key (1–255 printable ASCII characters) per logical operation, scoped to the
                 *     caller, the operation and the path, kept 24 hours. A retry with the same key and the same
                 *     body (compared by its SHA-256) returns the first successful response with
                 *     `Idempotent-Replayed: true`; the same key with another body is
                 *     `409 idempotency_key_reused`, and while the first request still runs
                 *     `409 idempotency_in_progress`. A JSON body is always compared; only a streamed
                 *     `multipart/form-data` body (tips and reporter replies with files), which is never
                 *     buffered, matches on the key alone. Error responses are not stored: a retry after one runs
                 *     again. See `docs/errors.md#idempotency`.
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path: {
                platformId: components["parameters"]["PlatformId"];
                leadId: components["parameters"]["LeadId"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "action": "taken_down",
                 *       "at": "2026-01-05T08:00:00.000Z",
                 *       "evidence": [
                 *         {
                 *           "description": "Raw meat stored next to cooked food in the kitchen.",
                 *           "url": "https://platform.example/webhooks/ezhili",
                 *           "sha256": "b5bb9d8014a0f9b1d61e21e796d78dccdf1352f23cd32812f4850b878ae4944c",
                 *           "mediaType": "image/jpeg"
                 *         }
                 *       ],
                 *       "note": "Checked the licence on file; it expired in 2025."
                 *     }
                 */
                "application/json": components["schemas"]["LeadActionReport"];
            };
        };
        responses: {
            /** @description The recorded action with the platform's attestation. */
            201: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "leadId": "lead_01kdx3r8n0m2v4q6s8t0w2y4z6",
                     *       "action": "taken_down",
                     *       "at": "2026-01-05T08:00:00.000Z",
                     *       "evidence": [
                     *         {
                     *           "description": "Raw meat stored next to cooked food in the kitchen.",
                     *           "url": "https://platform.example/webhooks/ezhili",
                     *           "sha256": "b5bb9d8014a0f9b1d61e21e796d78dccdf1352f23cd32812f4850b878ae4944c",
                     *           "mediaType": "image/jpeg"
                     *         }
                     *       ],
                     *       "note": "Checked the licence on file; it expired in 2025.",
                     *       "reportedAt": "2026-01-05T08:00:00.000Z",
                     *       "attestation": {
                     *         "kid": "key_2026_01",
                     *         "alg": "EdDSA",
                     *         "jti": "5d0c6c1e-0a43-4b5e-9d2f-3c1f3b7b8a10",
                     *         "signedAt": "2026-01-05T08:00:00.000Z",
                     *         "signature": "eyJhbGciOiJFZERTQSIsImI2NCI6ZmFsc2UsImNyaXQiOlsiYjY0Il19..c2lnbmF0dXJl",
                     *         "bodySha256": "b5bb9d8014a0f9b1d61e21e796d78dccdf1352f23cd32812f4850b878ae4944c"
                     *       }
                     *     }
                     */
                    "application/json": components["schemas"]["LeadAction"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Problem"];
            422: components["responses"]["Problem"];
            "4XX": components["responses"]["ClientError"];
            default: components["responses"]["Problem"];
        };
    };
    submitPlatformLead: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description A unique key (1–255 printable ASCII characters) per logical operation, scoped to the
                 *     caller, the operation and the path, kept 24 hours. A retry with the same key and the same
                 *     body (compared by its SHA-256) returns the first successful response with
                 *     `Idempotent-Replayed: true`; the same key with another body is
                 *     `409 idempotency_key_reused`, and while the first request still runs
                 *     `409 idempotency_in_progress`. A JSON body is always compared; only a streamed
                 *     `multipart/form-data` body (tips and reporter replies with files), which is never
                 *     buffered, matches on the key alone. Error responses are not stored: a retry after one runs
                 *     again. See `docs/errors.md#idempotency`.
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path: {
                platformId: components["parameters"]["PlatformId"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "platformShopId": "ps-1001",
                 *       "shopName": "闽江面馆 Minjiang Noodle House",
                 *       "shopAddress": "12 Wuyi Road, Gulou District, Fuzhou",
                 *       "districtCode": "350102",
                 *       "violationCategory": "unhygienic_kitchen",
                 *       "description": "Raw meat stored next to cooked food in the kitchen.",
                 *       "observedAt": "2026-01-05T08:00:00.000Z",
                 *       "evidence": [
                 *         {
                 *           "description": "Raw meat stored next to cooked food in the kitchen.",
                 *           "url": "https://platform.example/webhooks/ezhili",
                 *           "sha256": "b5bb9d8014a0f9b1d61e21e796d78dccdf1352f23cd32812f4850b878ae4944c",
                 *           "mediaType": "image/jpeg"
                 *         }
                 *       ]
                 *     }
                 */
                "application/json": components["schemas"]["PlatformLeadSubmission"];
            };
        };
        responses: {
            /** @description The receipt; its id is the platform's reference. */
            201: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "plt_demo",
                     *       "receivedAt": "2026-01-05T08:00:00.000Z",
                     *       "attestation": {
                     *         "kid": "key_2026_01",
                     *         "alg": "EdDSA",
                     *         "jti": "5d0c6c1e-0a43-4b5e-9d2f-3c1f3b7b8a10",
                     *         "signedAt": "2026-01-05T08:00:00.000Z",
                     *         "signature": "eyJhbGciOiJFZERTQSIsImI2NCI6ZmFsc2UsImNyaXQiOlsiYjY0Il19..c2lnbmF0dXJl",
                     *         "bodySha256": "b5bb9d8014a0f9b1d61e21e796d78dccdf1352f23cd32812f4850b878ae4944c"
                     *       }
                     *     }
                     */
                    "application/json": components["schemas"]["PlatformLeadReceipt"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            422: components["responses"]["Problem"];
            "4XX": components["responses"]["ClientError"];
            default: components["responses"]["Problem"];
        };
    };
    createRelistingRequest: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description A unique key (1–255 printable ASCII characters) per logical operation, scoped to the
                 *     caller, the operation and the path, kept 24 hours. A retry with the same key and the same
                 *     body (compared by its SHA-256) returns the first successful response with
                 *     `Idempotent-Replayed: true`; the same key with another body is
                 *     `409 idempotency_key_reused`, and while the first request still runs
                 *     `409 idempotency_in_progress`. A JSON body is always compared; only a streamed
                 *     `multipart/form-data` body (tips and reporter replies with files), which is never
                 *     buffered, matches on the key alone. Error responses are not stored: a retry after one runs
                 *     again. See `docs/errors.md#idempotency`.
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path: {
                platformId: components["parameters"]["PlatformId"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "shopId": "shop_01kdx3r8n0m2v4q6s8t0w2y4z6",
                 *       "review": {
                 *         "checklist": [
                 *           {
                 *             "item": "Food business licence on display and in date",
                 *             "passed": false,
                 *             "note": "Checked the licence on file; it expired in 2025."
                 *           }
                 *         ],
                 *         "licence": {
                 *           "number": "JY13501020000001",
                 *           "expiresOn": "2026-01-05"
                 *         },
                 *         "rectificationEvidence": [
                 *           {
                 *             "description": "Raw meat stored next to cooked food in the kitchen.",
                 *             "url": "https://platform.example/webhooks/ezhili",
                 *             "sha256": "b5bb9d8014a0f9b1d61e21e796d78dccdf1352f23cd32812f4850b878ae4944c",
                 *             "mediaType": "image/jpeg"
                 *           }
                 *         ],
                 *         "summary": "Raw meat stored next to cooked food in the kitchen."
                 *       }
                 *     }
                 */
                "application/json": components["schemas"]["RelistingRequestCreate"];
            };
        };
        responses: {
            /** @description The pending request. */
            201: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "rlr_01kdx3r8n0m2v4q6s8t0w2y4z6",
                     *       "platformId": "plt_demo",
                     *       "shopId": "shop_01kdx3r8n0m2v4q6s8t0w2y4z6",
                     *       "status": "pending",
                     *       "review": {
                     *         "checklist": [
                     *           {
                     *             "item": "Food business licence on display and in date",
                     *             "passed": false,
                     *             "note": "Checked the licence on file; it expired in 2025."
                     *           }
                     *         ],
                     *         "licence": {
                     *           "number": "JY13501020000001",
                     *           "expiresOn": "2026-01-05"
                     *         },
                     *         "rectificationEvidence": [
                     *           {
                     *             "description": "Raw meat stored next to cooked food in the kitchen.",
                     *             "url": "https://platform.example/webhooks/ezhili",
                     *             "sha256": "b5bb9d8014a0f9b1d61e21e796d78dccdf1352f23cd32812f4850b878ae4944c",
                     *             "mediaType": "image/jpeg"
                     *           }
                     *         ],
                     *         "summary": "Raw meat stored next to cooked food in the kitchen."
                     *       },
                     *       "submittedAt": "2026-01-05T08:00:00.000Z",
                     *       "attestation": {
                     *         "kid": "key_2026_01",
                     *         "alg": "EdDSA",
                     *         "jti": "5d0c6c1e-0a43-4b5e-9d2f-3c1f3b7b8a10",
                     *         "signedAt": "2026-01-05T08:00:00.000Z",
                     *         "signature": "eyJhbGciOiJFZERTQSIsImI2NCI6ZmFsc2UsImNyaXQiOlsiYjY0Il19..c2lnbmF0dXJl",
                     *         "bodySha256": "b5bb9d8014a0f9b1d61e21e796d78dccdf1352f23cd32812f4850b878ae4944c"
                     *       },
                     *       "decision": null
                     *     }
                     */
                    "application/json": components["schemas"]["RelistingRequest"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Problem"];
            "4XX": components["responses"]["ClientError"];
            default: components["responses"]["Problem"];
        };
    };
    listRelistingRequests: {
        parameters: {
            query?: {
                status?: components["schemas"]["RelistingStatus"];
                platformId?: string;
                /**
                 * @description Opaque cursor: a previous page's `nextCursor` of the same list, sent back unchanged. Any
                 *     other value (made up, an id, another list's cursor) is refused with `400 invalid_cursor`.
                 */
                cursor?: components["parameters"]["Cursor"];
                limit?: components["parameters"]["Limit"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of requests. */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "items": [
                     *         {
                     *           "id": "rlr_01kdx3r8n0m2v4q6s8t0w2y4z6",
                     *           "platformId": "plt_demo",
                     *           "shopId": "shop_01kdx3r8n0m2v4q6s8t0w2y4z6",
                     *           "status": "pending",
                     *           "review": {
                     *             "checklist": [
                     *               {
                     *                 "item": "Food business licence on display and in date",
                     *                 "passed": false,
                     *                 "note": "Checked the licence on file; it expired in 2025."
                     *               }
                     *             ],
                     *             "licence": {
                     *               "number": "JY13501020000001",
                     *               "expiresOn": "2026-01-05"
                     *             },
                     *             "rectificationEvidence": [
                     *               {
                     *                 "description": "Raw meat stored next to cooked food in the kitchen.",
                     *                 "url": "https://platform.example/webhooks/ezhili",
                     *                 "sha256": "b5bb9d8014a0f9b1d61e21e796d78dccdf1352f23cd32812f4850b878ae4944c",
                     *                 "mediaType": "image/jpeg"
                     *               }
                     *             ],
                     *             "summary": "Raw meat stored next to cooked food in the kitchen."
                     *           },
                     *           "submittedAt": "2026-01-05T08:00:00.000Z",
                     *           "attestation": {
                     *             "kid": "key_2026_01",
                     *             "alg": "EdDSA",
                     *             "jti": "5d0c6c1e-0a43-4b5e-9d2f-3c1f3b7b8a10",
                     *             "signedAt": "2026-01-05T08:00:00.000Z",
                     *             "signature": "eyJhbGciOiJFZERTQSIsImI2NCI6ZmFsc2UsImNyaXQiOlsiYjY0Il19..c2lnbmF0dXJl",
                     *             "bodySha256": "b5bb9d8014a0f9b1d61e21e796d78dccdf1352f23cd32812f4850b878ae4944c"
                     *           },
                     *           "decision": null
                     *         }
                     *       ],
                     *       "nextCursor": "WyJjYXNlcyIsImNhc2VfMDFrZHgzcjhuMG0ydjRxNnM4dDB3Mnk0ejYiXQ"
                     *     }
                     */
                    "application/json": {
                        items: components["schemas"]["RelistingRequest"][];
                        nextCursor: string | null;
                    };
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            "4XX": components["responses"]["ClientError"];
            default: components["responses"]["Problem"];
        };
    };
    getRelistingRequest: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                requestId: components["parameters"]["RelistingRequestId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The request. */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "rlr_01kdx3r8n0m2v4q6s8t0w2y4z6",
                     *       "platformId": "plt_demo",
                     *       "shopId": "shop_01kdx3r8n0m2v4q6s8t0w2y4z6",
                     *       "status": "pending",
                     *       "review": {
                     *         "checklist": [
                     *           {
                     *             "item": "Food business licence on display and in date",
                     *             "passed": false,
                     *             "note": "Checked the licence on file; it expired in 2025."
                     *           }
                     *         ],
                     *         "licence": {
                     *           "number": "JY13501020000001",
                     *           "expiresOn": "2026-01-05"
                     *         },
                     *         "rectificationEvidence": [
                     *           {
                     *             "description": "Raw meat stored next to cooked food in the kitchen.",
                     *             "url": "https://platform.example/webhooks/ezhili",
                     *             "sha256": "b5bb9d8014a0f9b1d61e21e796d78dccdf1352f23cd32812f4850b878ae4944c",
                     *             "mediaType": "image/jpeg"
                     *           }
                     *         ],
                     *         "summary": "Raw meat stored next to cooked food in the kitchen."
                     *       },
                     *       "submittedAt": "2026-01-05T08:00:00.000Z",
                     *       "attestation": {
                     *         "kid": "key_2026_01",
                     *         "alg": "EdDSA",
                     *         "jti": "5d0c6c1e-0a43-4b5e-9d2f-3c1f3b7b8a10",
                     *         "signedAt": "2026-01-05T08:00:00.000Z",
                     *         "signature": "eyJhbGciOiJFZERTQSIsImI2NCI6ZmFsc2UsImNyaXQiOlsiYjY0Il19..c2lnbmF0dXJl",
                     *         "bodySha256": "b5bb9d8014a0f9b1d61e21e796d78dccdf1352f23cd32812f4850b878ae4944c"
                     *       },
                     *       "decision": null
                     *     }
                     */
                    "application/json": components["schemas"]["RelistingRequest"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            "4XX": components["responses"]["ClientError"];
            default: components["responses"]["Problem"];
        };
    };
    decideRelistingRequest: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description A unique key (1–255 printable ASCII characters) per logical operation, scoped to the
                 *     caller, the operation and the path, kept 24 hours. A retry with the same key and the same
                 *     body (compared by its SHA-256) returns the first successful response with
                 *     `Idempotent-Replayed: true`; the same key with another body is
                 *     `409 idempotency_key_reused`, and while the first request still runs
                 *     `409 idempotency_in_progress`. A JSON body is always compared; only a streamed
                 *     `multipart/form-data` body (tips and reporter replies with files), which is never
                 *     buffered, matches on the key alone. Error responses are not stored: a retry after one runs
                 *     again. See `docs/errors.md#idempotency`.
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path: {
                requestId: components["parameters"]["RelistingRequestId"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "outcome": "approved",
                 *       "reasons": "Review complete; licence verified."
                 *     }
                 */
                "application/json": components["schemas"]["RelistingDecisionCreate"];
            };
        };
        responses: {
            /** @description The decided request. */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "rlr_01kdx3r8n0m2v4q6s8t0w2y4z6",
                     *       "platformId": "plt_demo",
                     *       "shopId": "shop_01kdx3r8n0m2v4q6s8t0w2y4z6",
                     *       "status": "pending",
                     *       "review": {
                     *         "checklist": [
                     *           {
                     *             "item": "Food business licence on display and in date",
                     *             "passed": false,
                     *             "note": "Checked the licence on file; it expired in 2025."
                     *           }
                     *         ],
                     *         "licence": {
                     *           "number": "JY13501020000001",
                     *           "expiresOn": "2026-01-05"
                     *         },
                     *         "rectificationEvidence": [
                     *           {
                     *             "description": "Raw meat stored next to cooked food in the kitchen.",
                     *             "url": "https://platform.example/webhooks/ezhili",
                     *             "sha256": "b5bb9d8014a0f9b1d61e21e796d78dccdf1352f23cd32812f4850b878ae4944c",
                     *             "mediaType": "image/jpeg"
                     *           }
                     *         ],
                     *         "summary": "Raw meat stored next to cooked food in the kitchen."
                     *       },
                     *       "submittedAt": "2026-01-05T08:00:00.000Z",
                     *       "attestation": {
                     *         "kid": "key_2026_01",
                     *         "alg": "EdDSA",
                     *         "jti": "5d0c6c1e-0a43-4b5e-9d2f-3c1f3b7b8a10",
                     *         "signedAt": "2026-01-05T08:00:00.000Z",
                     *         "signature": "eyJhbGciOiJFZERTQSIsImI2NCI6ZmFsc2UsImNyaXQiOlsiYjY0Il19..c2lnbmF0dXJl",
                     *         "bodySha256": "b5bb9d8014a0f9b1d61e21e796d78dccdf1352f23cd32812f4850b878ae4944c"
                     *       },
                     *       "decision": null
                     *     }
                     */
                    "application/json": components["schemas"]["RelistingRequest"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Problem"];
            "4XX": components["responses"]["ClientError"];
            default: components["responses"]["Problem"];
        };
    };
    getShopRelistingStatus: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                shopId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The shop's relisting status. */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "shopId": "shop_01kdx3r8n0m2v4q6s8t0w2y4z6",
                     *       "takenDown": false,
                     *       "takenDownAt": "2026-01-05T08:00:00.000Z",
                     *       "relistable": false,
                     *       "reason": "never_taken_down",
                     *       "latestRequestId": "rlr_01kdx3r8n0m2v4q6s8t0w2y4z6"
                     *     }
                     */
                    "application/json": components["schemas"]["ShopRelistingStatus"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            "4XX": components["responses"]["ClientError"];
            default: components["responses"]["Problem"];
        };
    };
    getPlatformScorecard: {
        parameters: {
            query?: {
                /** @description A quarter (`2026-Q1`) or a month (`2026-03`), UTC; the current quarter by default. */
                period?: components["schemas"]["ScorecardPeriod"];
            };
            header?: never;
            path: {
                platformId: components["parameters"]["PlatformId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The scorecard. */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "platformId": "plt_demo",
                     *       "period": "2025-Q4",
                     *       "from": "2026-01-05T08:00:00.000Z",
                     *       "to": "2026-01-05T08:00:00.000Z",
                     *       "leadsReceived": 1,
                     *       "acknowledged": 1,
                     *       "acknowledgedInTime": 1,
                     *       "acknowledgedInTimeRate": 1,
                     *       "takeDowns": 1,
                     *       "takeDownsInTime": 1,
                     *       "takeDownInTimeRate": 1,
                     *       "medianLeadToActionSeconds": 1,
                     *       "relisting": {
                     *         "approved": 1,
                     *         "rejected": 1,
                     *         "pending": 1,
                     *         "breaches": 0
                     *       },
                     *       "cards": {
                     *         "yellow": 1,
                     *         "red": 1
                     *       },
                     *       "proposedCards": [
                     *         {
                     *           "color": "yellow",
                     *           "ruleId": "takedown-timeliness",
                     *           "reason": "Review complete; licence verified."
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["PlatformScorecard"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            "4XX": components["responses"]["ClientError"];
            default: components["responses"]["Problem"];
        };
    };
    listPlatformCards: {
        parameters: {
            query?: {
                /**
                 * @description Opaque cursor: a previous page's `nextCursor` of the same list, sent back unchanged. Any
                 *     other value (made up, an id, another list's cursor) is refused with `400 invalid_cursor`.
                 */
                cursor?: components["parameters"]["Cursor"];
                limit?: components["parameters"]["Limit"];
            };
            header?: never;
            path: {
                platformId: components["parameters"]["PlatformId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of cards. */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "items": [
                     *         {
                     *           "id": "plt_demo",
                     *           "platformId": "plt_demo",
                     *           "color": "yellow",
                     *           "reason": "Review complete; licence verified.",
                     *           "period": "2025-Q4",
                     *           "ruleId": "takedown-timeliness",
                     *           "issuedAt": "2026-01-05T08:00:00.000Z"
                     *         }
                     *       ],
                     *       "nextCursor": "WyJjYXNlcyIsImNhc2VfMDFrZHgzcjhuMG0ydjRxNnM4dDB3Mnk0ejYiXQ"
                     *     }
                     */
                    "application/json": {
                        items: components["schemas"]["PlatformCard"][];
                        nextCursor: string | null;
                    };
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            "4XX": components["responses"]["ClientError"];
            default: components["responses"]["Problem"];
        };
    };
    issuePlatformCard: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description A unique key (1–255 printable ASCII characters) per logical operation, scoped to the
                 *     caller, the operation and the path, kept 24 hours. A retry with the same key and the same
                 *     body (compared by its SHA-256) returns the first successful response with
                 *     `Idempotent-Replayed: true`; the same key with another body is
                 *     `409 idempotency_key_reused`, and while the first request still runs
                 *     `409 idempotency_in_progress`. A JSON body is always compared; only a streamed
                 *     `multipart/form-data` body (tips and reporter replies with files), which is never
                 *     buffered, matches on the key alone. Error responses are not stored: a retry after one runs
                 *     again. See `docs/errors.md#idempotency`.
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path: {
                platformId: components["parameters"]["PlatformId"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "color": "yellow",
                 *       "reason": "Review complete; licence verified.",
                 *       "period": "2025-Q4",
                 *       "ruleId": "takedown-timeliness"
                 *     }
                 */
                "application/json": components["schemas"]["PlatformCardIssue"];
            };
        };
        responses: {
            /** @description The issued card. */
            201: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "plt_demo",
                     *       "platformId": "plt_demo",
                     *       "color": "yellow",
                     *       "reason": "Review complete; licence verified.",
                     *       "period": "2025-Q4",
                     *       "ruleId": "takedown-timeliness",
                     *       "issuedAt": "2026-01-05T08:00:00.000Z"
                     *     }
                     */
                    "application/json": components["schemas"]["PlatformCard"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            "4XX": components["responses"]["ClientError"];
            default: components["responses"]["Problem"];
        };
    };
    getRewardRules: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The active rule and the calendar. */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "rules": {
                     *         "id": "samr-2021",
                     *         "name": "SAMR 2021 — major violations in market supervision",
                     *         "source": "市场监督管理领域重大违法行为举报奖励暂行办法 (SAMR and Ministry of Finance, 2021), art. 14–16",
                     *         "currency": "CNY",
                     *         "levels": [
                     *           {
                     *             "level": 1,
                     *             "description": "Names the violator and gives the key evidence of the violation; the violation is fully confirmed.",
                     *             "percentBasisPoints": 500,
                     *             "minimumFen": 20000
                     *           }
                     *         ],
                     *         "perCaseCapFen": 10000000,
                     *         "internalWhistleblowerMaxMultiplier": 1,
                     *         "rounding": "half_up_to_fen",
                     *         "claimWindowWorkingDays": 1,
                     *         "determinationWorkingDays": 1,
                     *         "eligibility": {
                     *           "outcomes": [
                     *             "violation_confirmed"
                     *           ],
                     *           "conditions": [
                     *             {
                     *               "code": "past_violations",
                     *               "description": "Raw meat stored next to cooked food in the kitchen."
                     *             }
                     *           ]
                     *         }
                     *       },
                     *       "calendar": {
                     *         "timeZone": "Asia/Shanghai",
                     *         "workingDays": "Mon-Fri",
                     *         "holidays": [
                     *           "2026-01-05"
                     *         ],
                     *         "extraWorkingDays": [
                     *           "2026-01-05"
                     *         ]
                     *       }
                     *     }
                     */
                    "application/json": components["schemas"]["RewardRulesView"];
                };
            };
            "4XX": components["responses"]["ClientError"];
            default: components["responses"]["Problem"];
        };
    };
    listRewardClaims: {
        parameters: {
            query?: {
                state?: components["schemas"]["RewardClaimState"];
                overdue?: boolean;
                limit?: components["parameters"]["Limit"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Claims, newest first. */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "items": [
                     *         {
                     *           "id": "rwc_01kdx3r8n0m2v4q6s8t0w2y4z6",
                     *           "identityCode": "FZ-7K3M-Q9XD-K",
                     *           "caseId": "case_01kdx3r8n0m2v4q6s8t0w2y4z6",
                     *           "state": "claimed",
                     *           "profileId": "samr-2021",
                     *           "basisFen": 5000000,
                     *           "level": 1,
                     *           "internalWhistleblower": false,
                     *           "proposalReasons": "Review complete; licence verified.",
                     *           "ruleAmountFen": 250000,
                     *           "amountBounds": {
                     *             "minFen": 200000,
                     *             "maxFen": 300000
                     *           },
                     *           "amountFen": 250000,
                     *           "deviationReason": "Review complete; licence verified.",
                     *           "claimedAt": "2026-01-05T08:00:00.000Z",
                     *           "determinationDueAt": "2026-01-05T08:00:00.000Z",
                     *           "overdue": false,
                     *           "proposedAt": "2026-01-05T08:00:00.000Z",
                     *           "determinedAt": "2026-01-05T08:00:00.000Z",
                     *           "approvedAt": "2026-01-05T08:00:00.000Z",
                     *           "payout": {
                     *             "id": "pay_01kdx3r8n0m2v4q6s8t0w2y4z6",
                     *             "state": "pending",
                     *             "amountFen": 250000,
                     *             "failureReason": "Review complete; licence verified.",
                     *             "attempts": 0,
                     *             "paidAt": "2026-01-05T08:00:00.000Z"
                     *           }
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["RewardClaimList"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            "4XX": components["responses"]["ClientError"];
            default: components["responses"]["Problem"];
        };
    };
    claimReward: {
        parameters: {
            query?: never;
            header: {
                /** @description The tip's identity code, e.g. `FZ-7K3M-Q9XD-K` (kept out of URLs so it stays out of access logs). */
                "Ezhili-Identity-Code": components["parameters"]["IdentityCodeHeader"];
                /**
                 * @description The receipt secret shown once at submission. Required unless the caller sends the
                 *     reporter session that submitted (or later claimed) the tip.
                 */
                "Ezhili-Receipt-Secret"?: components["parameters"]["ReceiptSecretHeader"];
                /**
                 * @description A unique key (1–255 printable ASCII characters) per logical operation, scoped to the
                 *     caller, the operation and the path, kept 24 hours. A retry with the same key and the same
                 *     body (compared by its SHA-256) returns the first successful response with
                 *     `Idempotent-Replayed: true`; the same key with another body is
                 *     `409 idempotency_key_reused`, and while the first request still runs
                 *     `409 idempotency_in_progress`. A JSON body is always compared; only a streamed
                 *     `multipart/form-data` body (tips and reporter replies with files), which is never
                 *     buffered, matches on the key alone. Error responses are not stored: a retry after one runs
                 *     again. See `docs/errors.md#idempotency`.
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: {
            content: {
                /**
                 * @example {
                 *       "attachAccount": {
                 *         "phone": "13800000000",
                 *         "passphrase": "correct horse battery staple"
                 *       }
                 *     }
                 */
                "application/json": components["schemas"]["RewardClaimRequest"];
            };
        };
        responses: {
            /** @description The claim was recorded; the reporter's view of the reward. */
            201: {
                headers: {
                    "Cache-Control": components["headers"]["CacheControl"];
                    "X-Request-Id": components["headers"]["RequestId"];
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "status": "claimable",
                     *       "claimDeadline": "2026-01-05T08:00:00.000Z",
                     *       "claimedAt": "2026-01-05T08:00:00.000Z",
                     *       "level": 1,
                     *       "amountFen": 250000,
                     *       "payoutFailureReason": "Review complete; licence verified.",
                     *       "actionRequired": "attach_account",
                     *       "paidAt": "2026-01-05T08:00:00.000Z"
                     *     }
                     */
                    "application/json": components["schemas"]["ReporterRewardState"];
                };
            };
            404: components["responses"]["NotFound"];
            409: components["responses"]["Problem"];
            422: components["responses"]["Problem"];
            429: components["responses"]["TooManyRequests"];
            "4XX": components["responses"]["ClientError"];
            default: components["responses"]["Problem"];
        };
    };
    getRewardClaim: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                claimId: components["parameters"]["RewardClaimId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The claim. */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "rwc_01kdx3r8n0m2v4q6s8t0w2y4z6",
                     *       "identityCode": "FZ-7K3M-Q9XD-K",
                     *       "caseId": "case_01kdx3r8n0m2v4q6s8t0w2y4z6",
                     *       "state": "claimed",
                     *       "profileId": "samr-2021",
                     *       "basisFen": 5000000,
                     *       "level": 1,
                     *       "internalWhistleblower": false,
                     *       "proposalReasons": "Review complete; licence verified.",
                     *       "ruleAmountFen": 250000,
                     *       "amountBounds": {
                     *         "minFen": 200000,
                     *         "maxFen": 300000
                     *       },
                     *       "amountFen": 250000,
                     *       "deviationReason": "Review complete; licence verified.",
                     *       "claimedAt": "2026-01-05T08:00:00.000Z",
                     *       "determinationDueAt": "2026-01-05T08:00:00.000Z",
                     *       "overdue": false,
                     *       "proposedAt": "2026-01-05T08:00:00.000Z",
                     *       "determinedAt": "2026-01-05T08:00:00.000Z",
                     *       "approvedAt": "2026-01-05T08:00:00.000Z",
                     *       "payout": {
                     *         "id": "pay_01kdx3r8n0m2v4q6s8t0w2y4z6",
                     *         "state": "pending",
                     *         "amountFen": 250000,
                     *         "failureReason": "Review complete; licence verified.",
                     *         "attempts": 0,
                     *         "paidAt": "2026-01-05T08:00:00.000Z"
                     *       }
                     *     }
                     */
                    "application/json": components["schemas"]["RewardClaim"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            "4XX": components["responses"]["ClientError"];
            default: components["responses"]["Problem"];
        };
    };
    proposeReward: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description A unique key (1–255 printable ASCII characters) per logical operation, scoped to the
                 *     caller, the operation and the path, kept 24 hours. A retry with the same key and the same
                 *     body (compared by its SHA-256) returns the first successful response with
                 *     `Idempotent-Replayed: true`; the same key with another body is
                 *     `409 idempotency_key_reused`, and while the first request still runs
                 *     `409 idempotency_in_progress`. A JSON body is always compared; only a streamed
                 *     `multipart/form-data` body (tips and reporter replies with files), which is never
                 *     buffered, matches on the key alone. Error responses are not stored: a retry after one runs
                 *     again. See `docs/errors.md#idempotency`.
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path: {
                claimId: components["parameters"]["RewardClaimId"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "level": 1,
                 *       "internalWhistleblower": false,
                 *       "reasons": "Review complete; licence verified."
                 *     }
                 */
                "application/json": components["schemas"]["RewardProposal"];
            };
        };
        responses: {
            /** @description The claim with its proposal. */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "rwc_01kdx3r8n0m2v4q6s8t0w2y4z6",
                     *       "identityCode": "FZ-7K3M-Q9XD-K",
                     *       "caseId": "case_01kdx3r8n0m2v4q6s8t0w2y4z6",
                     *       "state": "claimed",
                     *       "profileId": "samr-2021",
                     *       "basisFen": 5000000,
                     *       "level": 1,
                     *       "internalWhistleblower": false,
                     *       "proposalReasons": "Review complete; licence verified.",
                     *       "ruleAmountFen": 250000,
                     *       "amountBounds": {
                     *         "minFen": 200000,
                     *         "maxFen": 300000
                     *       },
                     *       "amountFen": 250000,
                     *       "deviationReason": "Review complete; licence verified.",
                     *       "claimedAt": "2026-01-05T08:00:00.000Z",
                     *       "determinationDueAt": "2026-01-05T08:00:00.000Z",
                     *       "overdue": false,
                     *       "proposedAt": "2026-01-05T08:00:00.000Z",
                     *       "determinedAt": "2026-01-05T08:00:00.000Z",
                     *       "approvedAt": "2026-01-05T08:00:00.000Z",
                     *       "payout": {
                     *         "id": "pay_01kdx3r8n0m2v4q6s8t0w2y4z6",
                     *         "state": "pending",
                     *         "amountFen": 250000,
                     *         "failureReason": "Review complete; licence verified.",
                     *         "attempts": 0,
                     *         "paidAt": "2026-01-05T08:00:00.000Z"
                     *       }
                     *     }
                     */
                    "application/json": components["schemas"]["RewardClaim"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Problem"];
            422: components["responses"]["Problem"];
            "4XX": components["responses"]["ClientError"];
            default: components["responses"]["Problem"];
        };
    };
    determineReward: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description A unique key (1–255 printable ASCII characters) per logical operation, scoped to the
                 *     caller, the operation and the path, kept 24 hours. A retry with the same key and the same
                 *     body (compared by its SHA-256) returns the first successful response with
                 *     `Idempotent-Replayed: true`; the same key with another body is
                 *     `409 idempotency_key_reused`, and while the first request still runs
                 *     `409 idempotency_in_progress`. A JSON body is always compared; only a streamed
                 *     `multipart/form-data` body (tips and reporter replies with files), which is never
                 *     buffered, matches on the key alone. Error responses are not stored: a retry after one runs
                 *     again. See `docs/errors.md#idempotency`.
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path: {
                claimId: components["parameters"]["RewardClaimId"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "amountFen": 250000,
                 *       "reason": "Review complete; licence verified."
                 *     }
                 */
                "application/json": components["schemas"]["RewardDetermination"];
            };
        };
        responses: {
            /** @description The claim with its determined amount. */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "rwc_01kdx3r8n0m2v4q6s8t0w2y4z6",
                     *       "identityCode": "FZ-7K3M-Q9XD-K",
                     *       "caseId": "case_01kdx3r8n0m2v4q6s8t0w2y4z6",
                     *       "state": "claimed",
                     *       "profileId": "samr-2021",
                     *       "basisFen": 5000000,
                     *       "level": 1,
                     *       "internalWhistleblower": false,
                     *       "proposalReasons": "Review complete; licence verified.",
                     *       "ruleAmountFen": 250000,
                     *       "amountBounds": {
                     *         "minFen": 200000,
                     *         "maxFen": 300000
                     *       },
                     *       "amountFen": 250000,
                     *       "deviationReason": "Review complete; licence verified.",
                     *       "claimedAt": "2026-01-05T08:00:00.000Z",
                     *       "determinationDueAt": "2026-01-05T08:00:00.000Z",
                     *       "overdue": false,
                     *       "proposedAt": "2026-01-05T08:00:00.000Z",
                     *       "determinedAt": "2026-01-05T08:00:00.000Z",
                     *       "approvedAt": "2026-01-05T08:00:00.000Z",
                     *       "payout": {
                     *         "id": "pay_01kdx3r8n0m2v4q6s8t0w2y4z6",
                     *         "state": "pending",
                     *         "amountFen": 250000,
                     *         "failureReason": "Review complete; licence verified.",
                     *         "attempts": 0,
                     *         "paidAt": "2026-01-05T08:00:00.000Z"
                     *       }
                     *     }
                     */
                    "application/json": components["schemas"]["RewardClaim"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Problem"];
            422: components["responses"]["Problem"];
            "4XX": components["responses"]["ClientError"];
            default: components["responses"]["Problem"];
        };
    };
    approvePayout: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description A unique key (1–255 printable ASCII characters) per logical operation, scoped to the
                 *     caller, the operation and the path, kept 24 hours. A retry with the same key and the same
                 *     body (compared by its SHA-256) returns the first successful response with
                 *     `Idempotent-Replayed: true`; the same key with another body is
                 *     `409 idempotency_key_reused`, and while the first request still runs
                 *     `409 idempotency_in_progress`. A JSON body is always compared; only a streamed
                 *     `multipart/form-data` body (tips and reporter replies with files), which is never
                 *     buffered, matches on the key alone. Error responses are not stored: a retry after one runs
                 *     again. See `docs/errors.md#idempotency`.
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path: {
                claimId: components["parameters"]["RewardClaimId"];
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                /**
                 * @example {
                 *       "note": "Checked the licence on file; it expired in 2025."
                 *     }
                 */
                "application/json": components["schemas"]["PayoutApproval"];
            };
        };
        responses: {
            /** @description The claim with its payout state (`paid`, `payout_failed`, or `payout_pending` while the bank is unreachable). */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "rwc_01kdx3r8n0m2v4q6s8t0w2y4z6",
                     *       "identityCode": "FZ-7K3M-Q9XD-K",
                     *       "caseId": "case_01kdx3r8n0m2v4q6s8t0w2y4z6",
                     *       "state": "claimed",
                     *       "profileId": "samr-2021",
                     *       "basisFen": 5000000,
                     *       "level": 1,
                     *       "internalWhistleblower": false,
                     *       "proposalReasons": "Review complete; licence verified.",
                     *       "ruleAmountFen": 250000,
                     *       "amountBounds": {
                     *         "minFen": 200000,
                     *         "maxFen": 300000
                     *       },
                     *       "amountFen": 250000,
                     *       "deviationReason": "Review complete; licence verified.",
                     *       "claimedAt": "2026-01-05T08:00:00.000Z",
                     *       "determinationDueAt": "2026-01-05T08:00:00.000Z",
                     *       "overdue": false,
                     *       "proposedAt": "2026-01-05T08:00:00.000Z",
                     *       "determinedAt": "2026-01-05T08:00:00.000Z",
                     *       "approvedAt": "2026-01-05T08:00:00.000Z",
                     *       "payout": {
                     *         "id": "pay_01kdx3r8n0m2v4q6s8t0w2y4z6",
                     *         "state": "pending",
                     *         "amountFen": 250000,
                     *         "failureReason": "Review complete; licence verified.",
                     *         "attempts": 0,
                     *         "paidAt": "2026-01-05T08:00:00.000Z"
                     *       }
                     *     }
                     */
                    "application/json": components["schemas"]["RewardClaim"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Problem"];
            422: components["responses"]["Problem"];
            "4XX": components["responses"]["ClientError"];
            default: components["responses"]["Problem"];
        };
    };
    createUnsealRequest: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description A unique key (1–255 printable ASCII characters) per logical operation, scoped to the
                 *     caller, the operation and the path, kept 24 hours. A retry with the same key and the same
                 *     body (compared by its SHA-256) returns the first successful response with
                 *     `Idempotent-Replayed: true`; the same key with another body is
                 *     `409 idempotency_key_reused`, and while the first request still runs
                 *     `409 idempotency_in_progress`. A JSON body is always compared; only a streamed
                 *     `multipart/form-data` body (tips and reporter replies with files), which is never
                 *     buffered, matches on the key alone. Error responses are not stored: a retry after one runs
                 *     again. See `docs/errors.md#idempotency`.
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "caseId": "case_01kdx3r8n0m2v4q6s8t0w2y4z6",
                 *       "legalBasis": "Food Safety Law of the PRC, Article 34",
                 *       "reason": "Review complete; licence verified."
                 *     }
                 */
                "application/json": components["schemas"]["UnsealRequestCreate"];
            };
        };
        responses: {
            /** @description The request, with its one-time key (shown once). */
            201: {
                headers: {
                    "Cache-Control": components["headers"]["CacheControl"];
                    "X-Request-Id": components["headers"]["RequestId"];
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "unseal_01kdx3r8n0m2v4q6s8t0w2y4z6",
                     *       "caseId": "case_01kdx3r8n0m2v4q6s8t0w2y4z6",
                     *       "target": {
                     *         "type": "identity",
                     *         "evidenceId": "evd_01kdx3r8n0m2v4q6s8t0w2y4z6",
                     *         "redactionId": "red_01kdx3r8n0m2v4q6s8t0w2y4z6"
                     *       },
                     *       "identityCode": "FZ-7K3M-Q9XD-K",
                     *       "legalBasis": "Food Safety Law of the PRC, Article 34",
                     *       "reason": "Review complete; licence verified.",
                     *       "state": "pending",
                     *       "threshold": 2,
                     *       "approvals": [
                     *         {
                     *           "auditorId": "stf_01kdx3r8n0m2v4q6s8t0w2y4z6",
                     *           "submittedAt": "2026-01-05T08:00:00.000Z"
                     *         }
                     *       ],
                     *       "requestedBy": "staff:stf_01kdx3r8n0m2v4q6s8t0w2y4z6",
                     *       "createdAt": "2026-01-05T08:00:00.000Z",
                     *       "expiresAt": "2026-01-05T08:00:00.000Z",
                     *       "openedAt": "2026-01-05T08:00:00.000Z",
                     *       "identity": {
                     *         "realName": "张三 (example)",
                     *         "residentId": "350102199001011238",
                     *         "phone": "13800000000",
                     *         "bankAccount": {
                     *           "bankName": "Bank of Fuzhou",
                     *           "accountNumber": "6222020000000000000",
                     *           "accountName": "张三 (example)"
                     *         },
                     *         "identityVersion": 1
                     *       },
                     *       "oneTimeKey": "q3c2Zk9Lm0Xw8TnR4vB7yH1sJ6dF5gA2pE0uK9iW3oQ"
                     *     }
                     */
                    "application/json": components["schemas"]["UnsealRequestCreated"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Problem"];
            "4XX": components["responses"]["ClientError"];
            default: components["responses"]["Problem"];
        };
    };
    getUnsealRequest: {
        parameters: {
            query?: never;
            header?: {
                /** @description The one-time key from `createUnsealRequest`; only its holder can open the result, once. */
                "Ezhili-Unseal-Key"?: components["parameters"]["UnsealKeyHeader"];
            };
            path: {
                unsealRequestId: components["parameters"]["UnsealRequestId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The request (and, once, the identity). */
            200: {
                headers: {
                    "Cache-Control": components["headers"]["CacheControl"];
                    "X-Request-Id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "unseal_01kdx3r8n0m2v4q6s8t0w2y4z6",
                     *       "caseId": "case_01kdx3r8n0m2v4q6s8t0w2y4z6",
                     *       "target": {
                     *         "type": "identity",
                     *         "evidenceId": "evd_01kdx3r8n0m2v4q6s8t0w2y4z6",
                     *         "redactionId": "red_01kdx3r8n0m2v4q6s8t0w2y4z6"
                     *       },
                     *       "identityCode": "FZ-7K3M-Q9XD-K",
                     *       "legalBasis": "Food Safety Law of the PRC, Article 34",
                     *       "reason": "Review complete; licence verified.",
                     *       "state": "pending",
                     *       "threshold": 2,
                     *       "approvals": [
                     *         {
                     *           "auditorId": "stf_01kdx3r8n0m2v4q6s8t0w2y4z6",
                     *           "submittedAt": "2026-01-05T08:00:00.000Z"
                     *         }
                     *       ],
                     *       "requestedBy": "staff:stf_01kdx3r8n0m2v4q6s8t0w2y4z6",
                     *       "createdAt": "2026-01-05T08:00:00.000Z",
                     *       "expiresAt": "2026-01-05T08:00:00.000Z",
                     *       "openedAt": "2026-01-05T08:00:00.000Z",
                     *       "identity": {
                     *         "realName": "张三 (example)",
                     *         "residentId": "350102199001011238",
                     *         "phone": "13800000000",
                     *         "bankAccount": {
                     *           "bankName": "Bank of Fuzhou",
                     *           "accountNumber": "6222020000000000000",
                     *           "accountName": "张三 (example)"
                     *         },
                     *         "identityVersion": 1
                     *       }
                     *     }
                     */
                    "application/json": components["schemas"]["UnsealRequest"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Problem"];
            410: components["responses"]["Problem"];
            "4XX": components["responses"]["ClientError"];
            default: components["responses"]["Problem"];
        };
    };
    openUnsealedOriginal: {
        parameters: {
            query?: never;
            header: {
                /** @description The one-time key from `createUnsealRequest`. */
                "Ezhili-Unseal-Key": string;
            };
            path: {
                unsealRequestId: components["parameters"]["UnsealRequestId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The original. */
            200: {
                headers: {
                    "Content-Disposition": components["headers"]["ContentDisposition"];
                    "Cache-Control": components["headers"]["CacheControl"];
                    /** @description SHA-256 (hex) of the original as uploaded (evidence) or of the UTF-8 text. */
                    "Ezhili-Original-Sha256"?: string;
                    "X-Request-Id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "image/*": string;
                    "video/*": string;
                    "text/plain": string;
                };
            };
            401: components["responses"]["Problem"];
            403: components["responses"]["Problem"];
            404: components["responses"]["Problem"];
            /** @description Not yet approved by k auditors, already opened, or an identity request. */
            409: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            410: components["responses"]["Problem"];
            "4XX": components["responses"]["Problem"];
            default: components["responses"]["Problem"];
        };
    };
    submitUnsealShare: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description A unique key (1–255 printable ASCII characters) per logical operation, scoped to the
                 *     caller, the operation and the path, kept 24 hours. A retry with the same key and the same
                 *     body (compared by its SHA-256) returns the first successful response with
                 *     `Idempotent-Replayed: true`; the same key with another body is
                 *     `409 idempotency_key_reused`, and while the first request still runs
                 *     `409 idempotency_in_progress`. A JSON body is always compared; only a streamed
                 *     `multipart/form-data` body (tips and reporter replies with files), which is never
                 *     buffered, matches on the key alone. Error responses are not stored: a retry after one runs
                 *     again. See `docs/errors.md#idempotency`.
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path: {
                unsealRequestId: components["parameters"]["UnsealRequestId"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "share": "EZA1.audkey_01kdx3r8n0m2v4q6s8t0w2y4z6.x7Qm2Rk9TzWc4Lp8Vn1Hs6Jd3Fg5Ab0Ye"
                 *     }
                 */
                "application/json": components["schemas"]["UnsealShareSubmission"];
            };
        };
        responses: {
            /** @description The request after this approval. */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "unseal_01kdx3r8n0m2v4q6s8t0w2y4z6",
                     *       "caseId": "case_01kdx3r8n0m2v4q6s8t0w2y4z6",
                     *       "target": {
                     *         "type": "identity",
                     *         "evidenceId": "evd_01kdx3r8n0m2v4q6s8t0w2y4z6",
                     *         "redactionId": "red_01kdx3r8n0m2v4q6s8t0w2y4z6"
                     *       },
                     *       "identityCode": "FZ-7K3M-Q9XD-K",
                     *       "legalBasis": "Food Safety Law of the PRC, Article 34",
                     *       "reason": "Review complete; licence verified.",
                     *       "state": "pending",
                     *       "threshold": 2,
                     *       "approvals": [
                     *         {
                     *           "auditorId": "stf_01kdx3r8n0m2v4q6s8t0w2y4z6",
                     *           "submittedAt": "2026-01-05T08:00:00.000Z"
                     *         }
                     *       ],
                     *       "requestedBy": "staff:stf_01kdx3r8n0m2v4q6s8t0w2y4z6",
                     *       "createdAt": "2026-01-05T08:00:00.000Z",
                     *       "expiresAt": "2026-01-05T08:00:00.000Z",
                     *       "openedAt": "2026-01-05T08:00:00.000Z",
                     *       "identity": {
                     *         "realName": "张三 (example)",
                     *         "residentId": "350102199001011238",
                     *         "phone": "13800000000",
                     *         "bankAccount": {
                     *           "bankName": "Bank of Fuzhou",
                     *           "accountNumber": "6222020000000000000",
                     *           "accountName": "张三 (example)"
                     *         },
                     *         "identityVersion": 1
                     *       }
                     *     }
                     */
                    "application/json": components["schemas"]["UnsealRequest"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Problem"];
            410: components["responses"]["Problem"];
            422: components["responses"]["Problem"];
            "4XX": components["responses"]["ClientError"];
            default: components["responses"]["Problem"];
        };
    };
    searchShops: {
        parameters: {
            query: {
                q: string;
                district?: components["schemas"]["DistrictCode"];
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Matching shops. */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "items": [
                     *         {
                     *           "id": "shop_01kdx3r8n0m2v4q6s8t0w2y4z6",
                     *           "name": "闽江面馆 Minjiang Noodle House",
                     *           "address": "12 Wuyi Road, Gulou District, Fuzhou",
                     *           "districtCode": "350102",
                     *           "platformId": "plt_demo",
                     *           "platformShopId": "ps-1001"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": {
                        items: components["schemas"]["ShopSearchHit"][];
                    };
                };
            };
            "4XX": components["responses"]["ClientError"];
            default: components["responses"]["Problem"];
        };
    };
    ingestShopFeed: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description A unique key (1–255 printable ASCII characters) per logical operation, scoped to the
                 *     caller, the operation and the path, kept 24 hours. A retry with the same key and the same
                 *     body (compared by its SHA-256) returns the first successful response with
                 *     `Idempotent-Replayed: true`; the same key with another body is
                 *     `409 idempotency_key_reused`, and while the first request still runs
                 *     `409 idempotency_in_progress`. A JSON body is always compared; only a streamed
                 *     `multipart/form-data` body (tips and reporter replies with files), which is never
                 *     buffered, matches on the key alone. Error responses are not stored: a retry after one runs
                 *     again. See `docs/errors.md#idempotency`.
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path: {
                platformId: components["parameters"]["PlatformId"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "shops": [
                 *         {
                 *           "platformShopId": "ps-1001",
                 *           "name": "闽江面馆 Minjiang Noodle House",
                 *           "address": "12 Wuyi Road, Gulou District, Fuzhou",
                 *           "districtCode": "350102",
                 *           "licenceNumber": "JY13501020000001",
                 *           "licenceExpiry": "2026-01-05",
                 *           "licenceIssued": "2026-01-05",
                 *           "categories": [
                 *             "noodles"
                 *           ],
                 *           "rating": 4.6,
                 *           "complaintCount": 0,
                 *           "online": false,
                 *           "area": "350001",
                 *           "extra": {
                 *             "kitchenType": "open"
                 *           }
                 *         }
                 *       ]
                 *     }
                 */
                "application/json": components["schemas"]["ShopFeedBatch"];
                "application/x-ndjson": string;
            };
        };
        responses: {
            /** @description What was loaded and what was refused. */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "received": 1,
                     *       "created": 1,
                     *       "updated": 1,
                     *       "unchanged": 1,
                     *       "rejected": 1,
                     *       "rejections": [
                     *         {
                     *           "row": 1,
                     *           "field": "licenceNumber",
                     *           "reason": "not a food business licence number (JY + 14 digits)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["ShopFeedResult"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            409: components["responses"]["Problem"];
            413: components["responses"]["Problem"];
            "4XX": components["responses"]["ClientError"];
            default: components["responses"]["Problem"];
        };
    };
    importInspections: {
        parameters: {
            query?: {
                mapping?: string;
                /** @description Overrides the mapping's source name (records are unique per source). */
                source?: string;
            };
            header?: {
                /**
                 * @description A unique key (1–255 printable ASCII characters) per logical operation, scoped to the
                 *     caller, the operation and the path, kept 24 hours. A retry with the same key and the same
                 *     body (compared by its SHA-256) returns the first successful response with
                 *     `Idempotent-Replayed: true`; the same key with another body is
                 *     `409 idempotency_key_reused`, and while the first request still runs
                 *     `409 idempotency_in_progress`. A JSON body is always compared; only a streamed
                 *     `multipart/form-data` body (tips and reporter replies with files), which is never
                 *     buffered, matches on the key alone. Error responses are not stored: a retry after one runs
                 *     again. See `docs/errors.md#idempotency`.
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "text/csv": string;
                "application/x-ndjson": string;
            };
        };
        responses: {
            /** @description The import's summary. */
            201: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "importId": "imp_01kdx3r8n0m2v4q6s8t0w2y4z6",
                     *       "source": "sf-dph",
                     *       "mapping": "sf-dph-inspections",
                     *       "rowsRead": 1,
                     *       "inserted": 1,
                     *       "duplicates": 1,
                     *       "rejected": 1,
                     *       "rejectedByReason": {
                     *         "invalid_date": 1
                     *       },
                     *       "rejections": [
                     *         {
                     *           "row": 1,
                     *           "field": "inspection_date",
                     *           "reason": "not a date"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["InspectionImportResult"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            413: components["responses"]["Problem"];
            "4XX": components["responses"]["ClientError"];
            default: components["responses"]["Problem"];
        };
    };
    importRiskCovariates: {
        parameters: {
            query?: {
                mapping?: string;
                /** @description The data set every row belongs to (overrides a mapped `dataset` column). */
                dataset?: string;
            };
            header?: {
                /**
                 * @description A unique key (1–255 printable ASCII characters) per logical operation, scoped to the
                 *     caller, the operation and the path, kept 24 hours. A retry with the same key and the same
                 *     body (compared by its SHA-256) returns the first successful response with
                 *     `Idempotent-Replayed: true`; the same key with another body is
                 *     `409 idempotency_key_reused`, and while the first request still runs
                 *     `409 idempotency_in_progress`. A JSON body is always compared; only a streamed
                 *     `multipart/form-data` body (tips and reporter replies with files), which is never
                 *     buffered, matches on the key alone. Error responses are not stored: a retry after one runs
                 *     again. See `docs/errors.md#idempotency`.
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "text/csv": string;
                "application/x-ndjson": string;
            };
        };
        responses: {
            /** @description The import's summary. */
            201: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CovariateImportResult"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            413: components["responses"]["Problem"];
            "4XX": components["responses"]["ClientError"];
            default: components["responses"]["Problem"];
        };
    };
    getRiskModel: {
        parameters: {
            query?: {
                version?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The model. */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "name": "Calibrated on Gulou inspections, 2021–2025",
                     *       "description": "Weights fitted by logistic regression on the district's inspection history; calibrate again after each year of inspections.",
                     *       "intercept": 1,
                     *       "halfLifeDays": 365,
                     *       "indicators": [
                     *         {
                     *           "indicator": "critical_recent",
                     *           "name": "past_violations",
                     *           "feature": {
                     *             "source": "shop",
                     *             "field": "categories",
                     *             "type": "categories",
                     *             "aggregate": "count",
                     *             "windowDays": 365,
                     *             "dataset": "ps-1001"
                     *           },
                     *           "levels": [
                     *             {
                     *               "value": "noodles",
                     *               "weight": 1
                     *             }
                     *           ],
                     *           "otherWeight": 1,
                     *           "minCount": 1,
                     *           "weight": 1,
                     *           "transform": "identity",
                     *           "cap": 1,
                     *           "center": 1,
                     *           "scale": 1
                     *         }
                     *       ],
                     *       "tiers": {
                     *         "B": 1,
                     *         "C": 1,
                     *         "D": 1
                     *       },
                     *       "leadTier": "A",
                     *       "calibration": {},
                     *       "version": 1,
                     *       "createdAt": "2026-01-05T08:00:00.000Z",
                     *       "createdBy": "staff:stf_01kdx3r8n0m2v4q6s8t0w2y4z6"
                     *     }
                     */
                    "application/json": components["schemas"]["RiskModel"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            "4XX": components["responses"]["ClientError"];
            default: components["responses"]["Problem"];
        };
    };
    putRiskModel: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "name": "Calibrated on Gulou inspections, 2021–2025",
                 *       "description": "Weights fitted by logistic regression on the district's inspection history; calibrate again after each year of inspections.",
                 *       "intercept": 1,
                 *       "halfLifeDays": 365,
                 *       "indicators": [
                 *         {
                 *           "indicator": "critical_recent",
                 *           "name": "past_violations",
                 *           "feature": {
                 *             "source": "shop",
                 *             "field": "categories",
                 *             "type": "categories",
                 *             "aggregate": "count",
                 *             "windowDays": 365,
                 *             "dataset": "ps-1001"
                 *           },
                 *           "levels": [
                 *             {
                 *               "value": "noodles",
                 *               "weight": 1
                 *             }
                 *           ],
                 *           "otherWeight": 1,
                 *           "minCount": 1,
                 *           "weight": 1,
                 *           "transform": "identity",
                 *           "cap": 1,
                 *           "center": 1,
                 *           "scale": 1
                 *         }
                 *       ],
                 *       "tiers": {
                 *         "B": 1,
                 *         "C": 1,
                 *         "D": 1
                 *       },
                 *       "leadTier": "A",
                 *       "calibration": {}
                 *     }
                 */
                "application/json": components["schemas"]["RiskModelInput"];
            };
        };
        responses: {
            /** @description Unchanged; the current version. */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "name": "Calibrated on Gulou inspections, 2021–2025",
                     *       "description": "Weights fitted by logistic regression on the district's inspection history; calibrate again after each year of inspections.",
                     *       "intercept": 1,
                     *       "halfLifeDays": 365,
                     *       "indicators": [
                     *         {
                     *           "indicator": "critical_recent",
                     *           "name": "past_violations",
                     *           "feature": {
                     *             "source": "shop",
                     *             "field": "categories",
                     *             "type": "categories",
                     *             "aggregate": "count",
                     *             "windowDays": 365,
                     *             "dataset": "ps-1001"
                     *           },
                     *           "levels": [
                     *             {
                     *               "value": "noodles",
                     *               "weight": 1
                     *             }
                     *           ],
                     *           "otherWeight": 1,
                     *           "minCount": 1,
                     *           "weight": 1,
                     *           "transform": "identity",
                     *           "cap": 1,
                     *           "center": 1,
                     *           "scale": 1
                     *         }
                     *       ],
                     *       "tiers": {
                     *         "B": 1,
                     *         "C": 1,
                     *         "D": 1
                     *       },
                     *       "leadTier": "A",
                     *       "calibration": {},
                     *       "version": 1,
                     *       "createdAt": "2026-01-05T08:00:00.000Z",
                     *       "createdBy": "staff:stf_01kdx3r8n0m2v4q6s8t0w2y4z6"
                     *     }
                     */
                    "application/json": components["schemas"]["RiskModel"];
                };
            };
            /** @description Stored as a new version. */
            201: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "name": "Calibrated on Gulou inspections, 2021–2025",
                     *       "description": "Weights fitted by logistic regression on the district's inspection history; calibrate again after each year of inspections.",
                     *       "intercept": 1,
                     *       "halfLifeDays": 365,
                     *       "indicators": [
                     *         {
                     *           "indicator": "critical_recent",
                     *           "name": "past_violations",
                     *           "feature": {
                     *             "source": "shop",
                     *             "field": "categories",
                     *             "type": "categories",
                     *             "aggregate": "count",
                     *             "windowDays": 365,
                     *             "dataset": "ps-1001"
                     *           },
                     *           "levels": [
                     *             {
                     *               "value": "noodles",
                     *               "weight": 1
                     *             }
                     *           ],
                     *           "otherWeight": 1,
                     *           "minCount": 1,
                     *           "weight": 1,
                     *           "transform": "identity",
                     *           "cap": 1,
                     *           "center": 1,
                     *           "scale": 1
                     *         }
                     *       ],
                     *       "tiers": {
                     *         "B": 1,
                     *         "C": 1,
                     *         "D": 1
                     *       },
                     *       "leadTier": "A",
                     *       "calibration": {},
                     *       "version": 1,
                     *       "createdAt": "2026-01-05T08:00:00.000Z",
                     *       "createdBy": "staff:stf_01kdx3r8n0m2v4q6s8t0w2y4z6"
                     *     }
                     */
                    "application/json": components["schemas"]["RiskModel"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            422: components["responses"]["Problem"];
            "4XX": components["responses"]["ClientError"];
            default: components["responses"]["Problem"];
        };
    };
    createRiskRun: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description A unique key (1–255 printable ASCII characters) per logical operation, scoped to the
                 *     caller, the operation and the path, kept 24 hours. A retry with the same key and the same
                 *     body (compared by its SHA-256) returns the first successful response with
                 *     `Idempotent-Replayed: true`; the same key with another body is
                 *     `409 idempotency_key_reused`, and while the first request still runs
                 *     `409 idempotency_in_progress`. A JSON body is always compared; only a streamed
                 *     `multipart/form-data` body (tips and reporter replies with files), which is never
                 *     buffered, matches on the key alone. Error responses are not stored: a retry after one runs
                 *     again. See `docs/errors.md#idempotency`.
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: {
            content: {
                /**
                 * @example {
                 *       "asOf": "2026-01-05",
                 *       "modelVersion": 1,
                 *       "createLeads": false,
                 *       "createTasks": false,
                 *       "tasksPerUnit": 1
                 *     }
                 */
                "application/json": components["schemas"]["RiskRunRequest"];
            };
        };
        responses: {
            /** @description The finished run. */
            201: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "rrun_01kdx3r8n0m2v4q6s8t0w2y4z6",
                     *       "modelVersion": 1,
                     *       "asOf": "2026-01-05",
                     *       "status": "running",
                     *       "startedAt": "2026-01-05T08:00:00.000Z",
                     *       "finishedAt": "2026-01-05T08:00:00.000Z",
                     *       "shopsScored": 1284,
                     *       "tierCounts": {
                     *         "A": 1,
                     *         "B": 1,
                     *         "C": 1,
                     *         "D": 1
                     *       },
                     *       "leads": {
                     *         "requested": false,
                     *         "created": 1,
                     *         "skippedOpenLead": 1,
                     *         "skippedNoPlatform": 1
                     *       },
                     *       "tasks": {
                     *         "requested": false,
                     *         "created": 1,
                     *         "skippedOpenTask": 1,
                     *         "byUnit": {
                     *           "example": 1
                     *         }
                     *       },
                     *       "durationMs": 1
                     *     }
                     */
                    "application/json": components["schemas"]["RiskRun"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            "4XX": components["responses"]["ClientError"];
            default: components["responses"]["Problem"];
        };
    };
    getRiskRun: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                runId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The run. */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "rrun_01kdx3r8n0m2v4q6s8t0w2y4z6",
                     *       "modelVersion": 1,
                     *       "asOf": "2026-01-05",
                     *       "status": "running",
                     *       "startedAt": "2026-01-05T08:00:00.000Z",
                     *       "finishedAt": "2026-01-05T08:00:00.000Z",
                     *       "shopsScored": 1284,
                     *       "tierCounts": {
                     *         "A": 1,
                     *         "B": 1,
                     *         "C": 1,
                     *         "D": 1
                     *       },
                     *       "leads": {
                     *         "requested": false,
                     *         "created": 1,
                     *         "skippedOpenLead": 1,
                     *         "skippedNoPlatform": 1
                     *       },
                     *       "tasks": {
                     *         "requested": false,
                     *         "created": 1,
                     *         "skippedOpenTask": 1,
                     *         "byUnit": {
                     *           "example": 1
                     *         }
                     *       },
                     *       "durationMs": 1
                     *     }
                     */
                    "application/json": components["schemas"]["RiskRun"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            "4XX": components["responses"]["ClientError"];
            default: components["responses"]["Problem"];
        };
    };
    listShopRisks: {
        parameters: {
            query?: {
                runId?: string;
                tier?: components["schemas"]["RiskTier"];
                district?: components["schemas"]["DistrictCode"];
                platform?: string;
                /**
                 * @description Opaque cursor: a previous page's `nextCursor` of the same list, sent back unchanged. Any
                 *     other value (made up, an id, another list's cursor) is refused with `400 invalid_cursor`.
                 */
                cursor?: components["parameters"]["Cursor"];
                limit?: components["parameters"]["Limit"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of shop risks. */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "run": {
                     *         "id": "rrun_01kdx3r8n0m2v4q6s8t0w2y4z6",
                     *         "modelVersion": 1,
                     *         "asOf": "2026-01-05",
                     *         "status": "running",
                     *         "startedAt": "2026-01-05T08:00:00.000Z",
                     *         "finishedAt": "2026-01-05T08:00:00.000Z",
                     *         "shopsScored": 1284,
                     *         "tierCounts": {
                     *           "A": 1,
                     *           "B": 1,
                     *           "C": 1,
                     *           "D": 1
                     *         },
                     *         "leads": {
                     *           "requested": false,
                     *           "created": 1,
                     *           "skippedOpenLead": 1,
                     *           "skippedNoPlatform": 1
                     *         },
                     *         "tasks": {
                     *           "requested": false,
                     *           "created": 1,
                     *           "skippedOpenTask": 1,
                     *           "byUnit": {
                     *             "example": 1
                     *           }
                     *         },
                     *         "durationMs": 1
                     *       },
                     *       "items": [
                     *         {
                     *           "runId": "rrun_01kdx3r8n0m2v4q6s8t0w2y4z6",
                     *           "modelVersion": 1,
                     *           "asOf": "2026-01-05",
                     *           "shopId": "shop_01kdx3r8n0m2v4q6s8t0w2y4z6",
                     *           "shopName": "闽江面馆 Minjiang Noodle House",
                     *           "districtCode": "350102",
                     *           "platformId": "plt_demo",
                     *           "score": 68.4,
                     *           "tier": "A",
                     *           "contributions": [
                     *             {
                     *               "indicator": "critical_recent",
                     *               "value": 1,
                     *               "levels": [
                     *                 "noodles"
                     *               ],
                     *               "contribution": 1
                     *             }
                     *           ]
                     *         }
                     *       ],
                     *       "nextCursor": "WyJjYXNlcyIsImNhc2VfMDFrZHgzcjhuMG0ydjRxNnM4dDB3Mnk0ejYiXQ"
                     *     }
                     */
                    "application/json": {
                        run: components["schemas"]["RiskRun"];
                        items: components["schemas"]["ShopRisk"][];
                        nextCursor: string | null;
                    };
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            "4XX": components["responses"]["ClientError"];
            default: components["responses"]["Problem"];
        };
    };
    getShopRisk: {
        parameters: {
            query?: {
                runId?: string;
            };
            header?: never;
            path: {
                shopId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The shop's risk. */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "runId": "rrun_01kdx3r8n0m2v4q6s8t0w2y4z6",
                     *       "modelVersion": 1,
                     *       "asOf": "2026-01-05",
                     *       "shopId": "shop_01kdx3r8n0m2v4q6s8t0w2y4z6",
                     *       "shopName": "闽江面馆 Minjiang Noodle House",
                     *       "districtCode": "350102",
                     *       "platformId": "plt_demo",
                     *       "score": 68.4,
                     *       "tier": "A",
                     *       "contributions": [
                     *         {
                     *           "indicator": "critical_recent",
                     *           "value": 1,
                     *           "levels": [
                     *             "noodles"
                     *           ],
                     *           "contribution": 1
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["ShopRisk"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            "4XX": components["responses"]["ClientError"];
            default: components["responses"]["Problem"];
        };
    };
    listRiskBacktests: {
        parameters: {
            query?: {
                /**
                 * @description Opaque cursor: a previous page's `nextCursor` of the same list, sent back unchanged. Any
                 *     other value (made up, an id, another list's cursor) is refused with `400 invalid_cursor`.
                 */
                cursor?: components["parameters"]["Cursor"];
                limit?: components["parameters"]["Limit"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of backtest summaries. */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["RiskBacktestSummary"][];
                        nextCursor: string | null;
                    };
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            "4XX": components["responses"]["ClientError"];
            default: components["responses"]["Problem"];
        };
    };
    createRiskBacktest: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description A unique key (1–255 printable ASCII characters) per logical operation, scoped to the
                 *     caller, the operation and the path, kept 24 hours. A retry with the same key and the same
                 *     body (compared by its SHA-256) returns the first successful response with
                 *     `Idempotent-Replayed: true`; the same key with another body is
                 *     `409 idempotency_key_reused`, and while the first request still runs
                 *     `409 idempotency_in_progress`. A JSON body is always compared; only a streamed
                 *     `multipart/form-data` body (tips and reporter replies with files), which is never
                 *     buffered, matches on the key alone. Error responses are not stored: a retry after one runs
                 *     again. See `docs/errors.md#idempotency`.
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RiskBacktestRequest"];
            };
        };
        responses: {
            /** @description The backtest's results. */
            201: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "rbt_01kdx3r8n0m2v4q6s8t0w2y4z6",
                     *       "createdAt": "2026-01-05T08:00:00.000Z",
                     *       "splitDate": "2026-01-05",
                     *       "target": "critical",
                     *       "windows": {
                     *         "train": {
                     *           "start": "2026-01-05",
                     *           "end": "2026-01-05"
                     *         },
                     *         "validation": {
                     *           "start": "2026-01-05",
                     *           "end": "2026-01-05"
                     *         },
                     *         "test": {
                     *           "start": "2026-01-05",
                     *           "end": "2026-01-05"
                     *         }
                     *       },
                     *       "calibrated": false,
                     *       "trainInspections": 1,
                     *       "testInspections": 1,
                     *       "testPositives": 1,
                     *       "testFirstInspections": 1,
                     *       "firstInspectionPolicy": "Inspections without an earlier record are counted, not dropped: the model scores them like any other (never_inspected and the shop attributes), the previous-inspection baseline cannot rank them and ties them at the mean of its values on the other test inspections, and the random ranking ranks them at random.",
                     *       "model": {
                     *         "auc": 0.74,
                     *         "aucCi": [
                     *           1,
                     *           1
                     *         ],
                     *         "hitRateTop10": 1,
                     *         "hitRateTop20": 1,
                     *         "shareFoundFirstHalf": 1,
                     *         "meanDaysEarlier": 1,
                     *         "daysEarlierCi": [
                     *           1,
                     *           1
                     *         ],
                     *         "roc": [
                     *           {
                     *             "x": 1,
                     *             "y": 1
                     *           }
                     *         ],
                     *         "lift": [
                     *           {
                     *             "x": 1,
                     *             "y": 1
                     *           }
                     *         ]
                     *       },
                     *       "baseline": {
                     *         "auc": 0.74,
                     *         "aucCi": [
                     *           1,
                     *           1
                     *         ],
                     *         "hitRateTop10": 1,
                     *         "hitRateTop20": 1,
                     *         "shareFoundFirstHalf": 1,
                     *         "meanDaysEarlier": 1,
                     *         "daysEarlierCi": [
                     *           1,
                     *           1
                     *         ],
                     *         "roc": [
                     *           {
                     *             "x": 1,
                     *             "y": 1
                     *           }
                     *         ],
                     *         "lift": [
                     *           {
                     *             "x": 1,
                     *             "y": 1
                     *           }
                     *         ]
                     *       },
                     *       "random": {
                     *         "auc": 0.74,
                     *         "aucCi": [
                     *           1,
                     *           1
                     *         ],
                     *         "hitRateTop10": 1,
                     *         "hitRateTop20": 1,
                     *         "shareFoundFirstHalf": 1,
                     *         "meanDaysEarlier": 1,
                     *         "daysEarlierCi": [
                     *           1,
                     *           1
                     *         ],
                     *         "roc": [
                     *           {
                     *             "x": 1,
                     *             "y": 1
                     *           }
                     *         ],
                     *         "lift": [
                     *           {
                     *             "x": 1,
                     *             "y": 1
                     *           }
                     *         ]
                     *       },
                     *       "gainOverBaseline": {
                     *         "auc": 0.74,
                     *         "aucCi": [
                     *           1
                     *         ],
                     *         "daysEarlier": 1,
                     *         "daysEarlierCi": [
                     *           1
                     *         ]
                     *       },
                     *       "selection": {
                     *         "chosen": {
                     *           "l2": 1,
                     *           "halfLifeDays": 365,
                     *           "minCount": 1
                     *         },
                     *         "validationAuc": 0.73,
                     *         "validationBaselineAuc": 0.66,
                     *         "candidates": [
                     *           {
                     *             "l2": 1,
                     *             "halfLifeDays": 365,
                     *             "minCount": 1,
                     *             "validationAuc": 0.73
                     *           }
                     *         ]
                     *       },
                     *       "warnings": [
                     *         {
                     *           "code": "worse_than_baseline_on_test",
                     *           "detail": "On the test inspections the model ranks no better than the previous-inspection baseline.",
                     *           "indicators": [
                     *             "tip_count"
                     *           ]
                     *         }
                     *       ],
                     *       "bootstrapResamples": 1,
                     *       "calibratedModel": {
                     *         "name": "Calibrated on Gulou inspections, 2021–2025",
                     *         "description": "Weights fitted by logistic regression on the district's inspection history; calibrate again after each year of inspections.",
                     *         "intercept": 1,
                     *         "halfLifeDays": 365,
                     *         "indicators": [
                     *           {
                     *             "indicator": "critical_recent",
                     *             "name": "past_violations",
                     *             "feature": {
                     *               "source": "shop",
                     *               "field": "categories",
                     *               "type": "categories",
                     *               "aggregate": "count",
                     *               "windowDays": 365,
                     *               "dataset": "ps-1001"
                     *             },
                     *             "levels": [
                     *               {
                     *                 "value": "noodles",
                     *                 "weight": 1
                     *               }
                     *             ],
                     *             "otherWeight": 1,
                     *             "minCount": 1,
                     *             "weight": 1,
                     *             "transform": "identity",
                     *             "cap": 1,
                     *             "center": 1,
                     *             "scale": 1
                     *           }
                     *         ],
                     *         "tiers": {
                     *           "B": 1,
                     *           "C": 1,
                     *           "D": 1
                     *         },
                     *         "leadTier": "A",
                     *         "calibration": {}
                     *       },
                     *       "savedModelVersion": 1
                     *     }
                     */
                    "application/json": components["schemas"]["RiskBacktest"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            /** @description Windows that do not fit, or not enough history to calibrate. */
            422: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            "4XX": components["responses"]["ClientError"];
            default: components["responses"]["Problem"];
        };
    };
    getRiskBacktest: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                backtestId: components["parameters"]["BacktestId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The backtest. */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "rbt_01kdx3r8n0m2v4q6s8t0w2y4z6",
                     *       "createdAt": "2026-01-05T08:00:00.000Z",
                     *       "splitDate": "2026-01-05",
                     *       "target": "critical",
                     *       "windows": {
                     *         "train": {
                     *           "start": "2026-01-05",
                     *           "end": "2026-01-05"
                     *         },
                     *         "validation": {
                     *           "start": "2026-01-05",
                     *           "end": "2026-01-05"
                     *         },
                     *         "test": {
                     *           "start": "2026-01-05",
                     *           "end": "2026-01-05"
                     *         }
                     *       },
                     *       "calibrated": false,
                     *       "trainInspections": 1,
                     *       "testInspections": 1,
                     *       "testPositives": 1,
                     *       "testFirstInspections": 1,
                     *       "firstInspectionPolicy": "Inspections without an earlier record are counted, not dropped: the model scores them like any other (never_inspected and the shop attributes), the previous-inspection baseline cannot rank them and ties them at the mean of its values on the other test inspections, and the random ranking ranks them at random.",
                     *       "model": {
                     *         "auc": 0.74,
                     *         "aucCi": [
                     *           1,
                     *           1
                     *         ],
                     *         "hitRateTop10": 1,
                     *         "hitRateTop20": 1,
                     *         "shareFoundFirstHalf": 1,
                     *         "meanDaysEarlier": 1,
                     *         "daysEarlierCi": [
                     *           1,
                     *           1
                     *         ],
                     *         "roc": [
                     *           {
                     *             "x": 1,
                     *             "y": 1
                     *           }
                     *         ],
                     *         "lift": [
                     *           {
                     *             "x": 1,
                     *             "y": 1
                     *           }
                     *         ]
                     *       },
                     *       "baseline": {
                     *         "auc": 0.74,
                     *         "aucCi": [
                     *           1,
                     *           1
                     *         ],
                     *         "hitRateTop10": 1,
                     *         "hitRateTop20": 1,
                     *         "shareFoundFirstHalf": 1,
                     *         "meanDaysEarlier": 1,
                     *         "daysEarlierCi": [
                     *           1,
                     *           1
                     *         ],
                     *         "roc": [
                     *           {
                     *             "x": 1,
                     *             "y": 1
                     *           }
                     *         ],
                     *         "lift": [
                     *           {
                     *             "x": 1,
                     *             "y": 1
                     *           }
                     *         ]
                     *       },
                     *       "random": {
                     *         "auc": 0.74,
                     *         "aucCi": [
                     *           1,
                     *           1
                     *         ],
                     *         "hitRateTop10": 1,
                     *         "hitRateTop20": 1,
                     *         "shareFoundFirstHalf": 1,
                     *         "meanDaysEarlier": 1,
                     *         "daysEarlierCi": [
                     *           1,
                     *           1
                     *         ],
                     *         "roc": [
                     *           {
                     *             "x": 1,
                     *             "y": 1
                     *           }
                     *         ],
                     *         "lift": [
                     *           {
                     *             "x": 1,
                     *             "y": 1
                     *           }
                     *         ]
                     *       },
                     *       "gainOverBaseline": {
                     *         "auc": 0.74,
                     *         "aucCi": [
                     *           1
                     *         ],
                     *         "daysEarlier": 1,
                     *         "daysEarlierCi": [
                     *           1
                     *         ]
                     *       },
                     *       "selection": {
                     *         "chosen": {
                     *           "l2": 1,
                     *           "halfLifeDays": 365,
                     *           "minCount": 1
                     *         },
                     *         "validationAuc": 0.73,
                     *         "validationBaselineAuc": 0.66,
                     *         "candidates": [
                     *           {
                     *             "l2": 1,
                     *             "halfLifeDays": 365,
                     *             "minCount": 1,
                     *             "validationAuc": 0.73
                     *           }
                     *         ]
                     *       },
                     *       "warnings": [
                     *         {
                     *           "code": "worse_than_baseline_on_test",
                     *           "detail": "On the test inspections the model ranks no better than the previous-inspection baseline.",
                     *           "indicators": [
                     *             "tip_count"
                     *           ]
                     *         }
                     *       ],
                     *       "bootstrapResamples": 1,
                     *       "calibratedModel": {
                     *         "name": "Calibrated on Gulou inspections, 2021–2025",
                     *         "description": "Weights fitted by logistic regression on the district's inspection history; calibrate again after each year of inspections.",
                     *         "intercept": 1,
                     *         "halfLifeDays": 365,
                     *         "indicators": [
                     *           {
                     *             "indicator": "critical_recent",
                     *             "name": "past_violations",
                     *             "feature": {
                     *               "source": "shop",
                     *               "field": "categories",
                     *               "type": "categories",
                     *               "aggregate": "count",
                     *               "windowDays": 365,
                     *               "dataset": "ps-1001"
                     *             },
                     *             "levels": [
                     *               {
                     *                 "value": "noodles",
                     *                 "weight": 1
                     *               }
                     *             ],
                     *             "otherWeight": 1,
                     *             "minCount": 1,
                     *             "weight": 1,
                     *             "transform": "identity",
                     *             "cap": 1,
                     *             "center": 1,
                     *             "scale": 1
                     *           }
                     *         ],
                     *         "tiers": {
                     *           "B": 1,
                     *           "C": 1,
                     *           "D": 1
                     *         },
                     *         "leadTier": "A",
                     *         "calibration": {}
                     *       },
                     *       "savedModelVersion": 1
                     *     }
                     */
                    "application/json": components["schemas"]["RiskBacktest"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            /** @description No such backtest. */
            404: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            "4XX": components["responses"]["ClientError"];
            default: components["responses"]["Problem"];
        };
    };
    exportRiskBacktestScores: {
        parameters: {
            query?: {
                format?: "csv" | "ndjson";
            };
            header?: never;
            path: {
                backtestId: components["parameters"]["BacktestId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The scores. */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    "Content-Disposition": components["headers"]["ContentDisposition"];
                    [name: string]: unknown;
                };
                content: {
                    "text/csv": string;
                    "application/x-ndjson": string;
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            "4XX": components["responses"]["ClientError"];
            default: components["responses"]["Problem"];
        };
    };
    listInspectionTasks: {
        parameters: {
            query?: {
                status?: "open" | "completed";
                districtCode?: components["schemas"]["DistrictCode"];
                runId?: string;
                /**
                 * @description Opaque cursor: a previous page's `nextCursor` of the same list, sent back unchanged. Any
                 *     other value (made up, an id, another list's cursor) is refused with `400 invalid_cursor`.
                 */
                cursor?: components["parameters"]["Cursor"];
                limit?: components["parameters"]["Limit"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of tasks. */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["InspectionTask"][];
                        nextCursor: string | null;
                    };
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            "4XX": components["responses"]["ClientError"];
            default: components["responses"]["Problem"];
        };
    };
    getInspectionTask: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                taskId: components["parameters"]["InspectionTaskId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The task. */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "itask_01kdx3r8n0m2v4q6s8t0w2y4z6",
                     *       "shopId": "shop_01kdx3r8n0m2v4q6s8t0w2y4z6",
                     *       "shopName": "闽江面馆 Minjiang Noodle House",
                     *       "address": "12 Wuyi Road, Gulou District, Fuzhou",
                     *       "assignedUnit": "district_bureau",
                     *       "districtCode": "350102",
                     *       "riskRunId": "rrun_01kdx3r8n0m2v4q6s8t0w2y4z6",
                     *       "modelVersion": 1,
                     *       "score": 68.4,
                     *       "tier": "A",
                     *       "priority": 1,
                     *       "basis": "risk_score",
                     *       "explanation": [
                     *         {
                     *           "indicator": "critical_recent",
                     *           "value": 1,
                     *           "levels": [
                     *             "noodles"
                     *           ],
                     *           "contribution": 1
                     *         }
                     *       ],
                     *       "status": "open",
                     *       "createdAt": "2026-01-05T08:00:00.000Z",
                     *       "completedAt": "2026-01-05T08:00:00.000Z",
                     *       "outcome": "violation_found",
                     *       "completion": {
                     *         "inspectedOn": "2026-01-05",
                     *         "critical": 1,
                     *         "serious": 1,
                     *         "minor": 1,
                     *         "note": "Checked the licence on file; it expired in 2025.",
                     *         "inspectionRecorded": false
                     *       }
                     *     }
                     */
                    "application/json": components["schemas"]["InspectionTask"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            /** @description No such task in the caller's unit. */
            404: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            "4XX": components["responses"]["ClientError"];
            default: components["responses"]["Problem"];
        };
    };
    completeInspectionTask: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description A unique key (1–255 printable ASCII characters) per logical operation, scoped to the
                 *     caller, the operation and the path, kept 24 hours. A retry with the same key and the same
                 *     body (compared by its SHA-256) returns the first successful response with
                 *     `Idempotent-Replayed: true`; the same key with another body is
                 *     `409 idempotency_key_reused`, and while the first request still runs
                 *     `409 idempotency_in_progress`. A JSON body is always compared; only a streamed
                 *     `multipart/form-data` body (tips and reporter replies with files), which is never
                 *     buffered, matches on the key alone. Error responses are not stored: a retry after one runs
                 *     again. See `docs/errors.md#idempotency`.
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path: {
                taskId: components["parameters"]["InspectionTaskId"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["InspectionTaskCompletion"];
            };
        };
        responses: {
            /** @description The completed task. */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "itask_01kdx3r8n0m2v4q6s8t0w2y4z6",
                     *       "shopId": "shop_01kdx3r8n0m2v4q6s8t0w2y4z6",
                     *       "shopName": "闽江面馆 Minjiang Noodle House",
                     *       "address": "12 Wuyi Road, Gulou District, Fuzhou",
                     *       "assignedUnit": "district_bureau",
                     *       "districtCode": "350102",
                     *       "riskRunId": "rrun_01kdx3r8n0m2v4q6s8t0w2y4z6",
                     *       "modelVersion": 1,
                     *       "score": 68.4,
                     *       "tier": "A",
                     *       "priority": 1,
                     *       "basis": "risk_score",
                     *       "explanation": [
                     *         {
                     *           "indicator": "critical_recent",
                     *           "value": 1,
                     *           "levels": [
                     *             "noodles"
                     *           ],
                     *           "contribution": 1
                     *         }
                     *       ],
                     *       "status": "open",
                     *       "createdAt": "2026-01-05T08:00:00.000Z",
                     *       "completedAt": "2026-01-05T08:00:00.000Z",
                     *       "outcome": "violation_found",
                     *       "completion": {
                     *         "inspectedOn": "2026-01-05",
                     *         "critical": 1,
                     *         "serious": 1,
                     *         "minor": 1,
                     *         "note": "Checked the licence on file; it expired in 2025.",
                     *         "inspectionRecorded": false
                     *       }
                     *     }
                     */
                    "application/json": components["schemas"]["InspectionTask"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            /** @description The task is already completed. (Or `idempotency_in_progress`, with `Retry-After`.) */
            409: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    "Retry-After": components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            "4XX": components["responses"]["ClientError"];
            default: components["responses"]["Problem"];
        };
    };
    leadCreatedWebhook: {
        parameters: {
            query?: never;
            header: {
                /** @description The message id; the same on every retry of one message. */
                "webhook-id": components["parameters"]["WebhookId"];
                /** @description Unix seconds of this attempt; refuse it when more than 300 s from your clock. */
                "webhook-timestamp": components["parameters"]["WebhookTimestamp"];
                /** @description Space-separated `v1a,<base64 Ed25519 signature>` entries. */
                "webhook-signature": components["parameters"]["WebhookSignature"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["LeadCreatedEvent"];
            };
        };
        responses: {
            /** @description The endpoint is gone; the regulator stops sending until staff re-enable it. */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Received. */
            "2XX": {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Not received; the regulator retries. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    relistingDecidedWebhook: {
        parameters: {
            query?: never;
            header: {
                /** @description The message id; the same on every retry of one message. */
                "webhook-id": components["parameters"]["WebhookId"];
                /** @description Unix seconds of this attempt; refuse it when more than 300 s from your clock. */
                "webhook-timestamp": components["parameters"]["WebhookTimestamp"];
                /** @description Space-separated `v1a,<base64 Ed25519 signature>` entries. */
                "webhook-signature": components["parameters"]["WebhookSignature"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RelistingDecidedEvent"];
            };
        };
        responses: {
            /** @description Received. */
            "2XX": {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Not received; the regulator retries. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    cardIssuedWebhook: {
        parameters: {
            query?: never;
            header: {
                /** @description The message id; the same on every retry of one message. */
                "webhook-id": components["parameters"]["WebhookId"];
                /** @description Unix seconds of this attempt; refuse it when more than 300 s from your clock. */
                "webhook-timestamp": components["parameters"]["WebhookTimestamp"];
                /** @description Space-separated `v1a,<base64 Ed25519 signature>` entries. */
                "webhook-signature": components["parameters"]["WebhookSignature"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CardIssuedEvent"];
            };
        };
        responses: {
            /** @description Received. */
            "2XX": {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Not received; the regulator retries. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
}
