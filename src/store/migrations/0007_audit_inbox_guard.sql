-- Pending audit entries (audit_inbox) are as append-only as the chained log: UPDATE and TRUNCATE
-- are refused, and a row may be deleted only once it has been chained into audit_log (the
-- flush deletes it in the same transaction that inserts its chained entry).
CREATE FUNCTION audit_inbox_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' AND EXISTS (SELECT 1 FROM audit_log WHERE inbox_id = OLD.id) THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION 'audit_inbox rows leave only by being chained into audit_log' USING ERRCODE = 'insufficient_privilege';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER audit_inbox_guard BEFORE UPDATE OR DELETE ON audit_inbox
  FOR EACH ROW EXECUTE FUNCTION audit_inbox_guard();
--> statement-breakpoint
CREATE TRIGGER audit_inbox_no_truncate BEFORE TRUNCATE ON audit_inbox
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change();
