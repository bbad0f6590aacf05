-- Identity and access (issue 10). People, machine tokens, roles and links between a Slack user and a Pitcrew
-- identity. Secrets are never stored: passwords as delegating-encoder hashes, API tokens as SHA-256 hashes,
-- TOTP secrets encrypted with a key from configuration.

-- Local accounts (studios without an IdP, and local mode). A person's identity is their email, else their
-- username; that identity is what every audit row, approval and timeline entry names.
create table pitcrew_users (
    id                bigserial   primary key,
    username          text        not null unique,
    email             text        unique,
    display_name      text,
    password_hash     text        not null,
    totp_secret       text,                      -- AES-GCM encrypted, base64; null until enrolled
    totp_enrolled_at  timestamptz,
    last_totp_step    bigint,                    -- the last accepted 30 s step: a code is never accepted twice
    failed_attempts   integer     not null default 0,
    locked_until      timestamptz,
    disabled          boolean     not null default false,
    created_at        timestamptz not null default now(),
    created_by        text        not null
);

-- One-time recovery codes, hashed; a used code keeps its row (used_at) so the count left can be shown.
create table pitcrew_recovery_codes (
    user_id    bigint      not null references pitcrew_users (id) on delete cascade,
    code_hash  text        not null,
    used_at    timestamptz,
    primary key (user_id, code_hash)
);

-- API tokens for CI, scripts and a future CLI. Shown once; only the SHA-256 of the token is kept.
create table api_tokens (
    id            text        primary key,       -- public handle, shown in lists and used to revoke
    name          text        not null,
    kind          text        not null check (kind in ('personal', 'service')),
    owner         text        not null,          -- the person (personal) or token:<name> (service)
    token_hash    text        not null unique,
    roles         text[]      not null,
    environments  text[],                         -- null: whatever its roles allow
    created_at    timestamptz not null default now(),
    created_by    text        not null,
    expires_at    timestamptz,
    last_used_at  timestamptz,
    revoked_at    timestamptz,
    revoked_by    text
);
create index api_tokens_by_owner on api_tokens (owner, created_at desc);

-- Roles managed through the admin API. Roles from configuration (pitcrew.chatops.roles) are the defaults; a role
-- stored here with the same name replaces the configured one.
create table pitcrew_roles (
    name          text        primary key,
    permissions   text[]      not null,
    environments  text[]      not null,
    description   text,
    updated_at    timestamptz not null default now(),
    updated_by    text        not null
);

-- Who has a role: a Pitcrew identity (email, username, OIDC subject) or a Slack user ID.
create table pitcrew_role_members (
    role      text        not null,
    member    text        not null,
    added_at  timestamptz not null default now(),
    added_by  text        not null,
    primary key (role, member)
);
create index pitcrew_role_members_by_member on pitcrew_role_members (lower(member));

-- A Slack user linked to a Pitcrew identity, so a person has the same rights in Slack and over REST.
create table slack_identity_links (
    slack_user_id  text        primary key,
    identity       text        not null,
    linked_at      timestamptz not null default now(),
    linked_by      text        not null
);
