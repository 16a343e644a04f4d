package com.acme.orders.command.store;

import org.jdbi.v3.core.Handle;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One command's view of the transaction it runs in. Other commands may share that transaction (group commit,
 * see {@link Transactions}); what a command sees and writes is still its own:
 * <ul>
 *   <li>inserts ({@link Orders#insert}, {@link EventStore#append}) are deferred and stored together with those
 *   of the other commands of the group, one statement per table;</li>
 *   <li>{@link #handle()} is for reads and immediate statements (a lock, an update, an idempotency key). It
 *   first stores what is deferred, so a command reads what the commands before it wrote, and — when the
 *   transaction is shared — sets a savepoint, so that a command that fails is undone alone.</li>
 * </ul>
 */
public final class Transaction {

    /** Stores the rows that many commands deferred into one table, with one statement. */
    @FunctionalInterface
    public interface BatchInsert<T> {
        void insert(Handle handle, List<T> rows);
    }

    private record Deferred(BatchInsert<Object> insert, Object row) {
    }

    private final Handle handle;
    private final boolean shared;
    private final List<Deferred> deferred = new ArrayList<>();
    private final List<Runnable> afterCommit = new ArrayList<>();
    private int afterCommitStart;
    private int commandStart;
    private int savepoints;
    private String savepoint;
    private Instant now;
    private boolean broken;

    Transaction(Handle handle, boolean shared) {
        this.handle = handle;
        this.shared = shared;
    }

    /** The time of the running command, at the precision PostgreSQL keeps, so what is stored equals what was decided. */
    public Instant now() {
        return now;
    }

    /** The connection, with everything deferred so far stored; see the class comment. */
    public Handle handle() {
        if (shared && savepoint == null) {
            try {
                store(commandStart);
                savepoint = "command_" + ++savepoints;
                handle.savepoint(savepoint);
            } catch (RuntimeException e) {
                // Rows of earlier commands, or the savepoint, failed: the transaction is lost for all of them.
                broken = true;
                throw e;
            }
        }
        store(deferred.size());
        return handle;
    }

    /**
     * Defers {@code row} until the group is stored or a command needs the connection; for the one writer of a
     * table, which stores the rows of all commands with one statement.
     */
    @SuppressWarnings("unchecked")
    public <T> void defer(BatchInsert<T> insert, T row) {
        deferred.add(new Deferred((BatchInsert<Object>) insert, row));
    }

    /**
     * Runs {@code action} once the transaction committed (a metric, a log line that must not claim what was
     * rolled back); never when the command is undone or the transaction fails.
     */
    public void afterCommit(Runnable action) {
        afterCommit.add(action);
    }

    void startCommand(Instant now) {
        this.now = now;
        this.afterCommitStart = afterCommit.size();
        this.commandStart = deferred.size();
        this.savepoint = null;
    }

    /**
     * Whether the running command can be undone alone: the transaction is shared and still usable. Alone, a
     * failed command rolls back its whole transaction.
     */
    boolean canUndoCommand() {
        return shared && !broken;
    }

    /** Forgets what the running command deferred and rolls back what it executed. */
    void undoCommand() {
        deferred.subList(commandStart, deferred.size()).clear();
        afterCommit.subList(afterCommitStart, afterCommit.size()).clear();
        if (savepoint != null) {
            handle.rollbackToSavepoint(savepoint);
        }
    }

    /** Runs what waited for the commit. */
    void committed() {
        afterCommit.forEach(Runnable::run);
    }

    /** Stores everything still deferred. */
    void storeDeferred() {
        store(deferred.size());
    }

    /** Stores the first {@code count} deferred rows, one statement per table, in the order tables were first used. */
    private void store(int count) {
        if (count == 0) {
            return;
        }
        Map<BatchInsert<Object>, List<Object>> byTable = new LinkedHashMap<>();
        for (Deferred row : deferred.subList(0, count)) {
            byTable.computeIfAbsent(row.insert(), table -> new ArrayList<>()).add(row.row());
        }
        deferred.subList(0, count).clear();
        commandStart = Math.max(0, commandStart - count);
        byTable.forEach((insert, rows) -> insert.insert(handle, rows));
    }
}
