-- The service catalogue (issue 3): per-service deployment defaults, edited with PUT /api/v1/services/{name}. A
-- deployment is only accepted for a catalogued service, to one of its environments; its request overrides the
-- strategy stored here field by field.
create table service_catalogue (
    name              text        primary key,   -- the service (DNS label), also its Kubernetes object names
    image_repository  text        not null,      -- e.g. registry.example/game-api; a bare tag deploys <repo>:<tag>
    environments      text[]      not null,      -- the namespaces it may be deployed to
    replicas          integer     not null,      -- replicas once promoted, unless a request says otherwise
    container_port    integer     not null,      -- only used when Pitcrew creates the Services
    slack_channel     text,                      -- where its deployments post their message; null: where asked
    strategy          jsonb       not null,      -- BlueGreenStrategy defaults (analysis, approval policy, delays)
    created_at        timestamptz not null default now(),
    updated_at        timestamptz not null default now()
);
