-- 0009: the one-stop-shop workspace (issue 8; docs/desk.md): step tracking for Form 05 and
-- the specialist's inbox, and whether the fees due have been paid whatever the method.

-- When the current step of the internal process is due: set by assign/transfer to the event
-- time + the step's working hours (catalogue steps[i].hours); NULL when the step has none.
ALTER TABLE dossiers ADD COLUMN step_due_at INTEGER;
-- 1 once the fees due are paid (online, at the counter or by transfer); a new payment request
-- sets it back to 0.
ALTER TABLE dossiers ADD COLUMN fee_paid INTEGER NOT NULL DEFAULT 0;
UPDATE dossiers SET fee_paid = 1 WHERE status <> 'payment' AND (paid_online = 1 OR
	id IN (SELECT dossier_id FROM dossier_events WHERE kind = 'pay'));
-- The specialist's inbox: their dossiers by step due time.
CREATE INDEX dossiers_assignee_due ON dossiers(assignee_id, step_due_at)
	WHERE assignee_id IS NOT NULL;
-- A department's queue: the dossiers at a department by step due time.
CREATE INDEX dossiers_department_due ON dossiers(department_id, step_due_at)
	WHERE department_id IS NOT NULL;
