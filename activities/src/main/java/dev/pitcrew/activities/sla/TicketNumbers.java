package dev.pitcrew.activities.sla;

import java.util.concurrent.locks.ReentrantLock;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The numbers of Pitcrew's own ticket keys ({@code PIT-n}), taken from the {@code sla_ticket_numbers} sequence a
 * block at a time: {@code nextval} answers the first number of a block as large as the sequence's increment (100,
 * V100), and this process hands that block out in order before it asks again. A burst of tickets costs one round
 * trip per block instead of one per ticket.
 *
 * <p>Numbers are unique across processes (each block is one {@code nextval}'s) and rise within a process; two API
 * replicas interleave by block (PIT-205 may be created before PIT-150). A restart leaves the rest of its block
 * unused: keys then jump by up to one block, as a sequence's numbers may always skip.
 */
@Repository
public class TicketNumbers {
  private final JdbcClient jdbc;
  /** Not {@code synchronized}: a virtual thread waits here while one caller takes the next block. */
  private final ReentrantLock lock = new ReentrantLock();
  private long next;
  private long end;

  public TicketNumbers(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** The next ticket number of this process. */
  public long next() {
    lock.lock();
    try {
      if (next == end) {
        Block block = takeBlock();
        next = block.first();
        end = block.first() + block.size();
      }
      return next++;
    } finally {
      lock.unlock();
    }
  }

  private record Block(long first, long size) {}

  private Block takeBlock() {
    // The increment read with the number, so a block is as large as the sequence says, never assumed.
    return jdbc.sql("""
            select nextval('sla_ticket_numbers'), seqincrement
              from pg_sequence where seqrelid = 'sla_ticket_numbers'::regclass""")
        .query((rs, n) -> new Block(rs.getLong(1), Math.max(1, rs.getLong(2))))
        .single();
  }
}
