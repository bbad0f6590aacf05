-- The intake numbers a dedup key's incidents before every new alert reaches the engine (IncidentTable.latestOf):
-- without this index that lookup walked every incident ever recorded for a key never seen before, i.e. for
-- every alert of a storm of new ones.
create index incidents_by_dedup_key on incidents (dedup_key, opened_at desc, incident_id desc);
