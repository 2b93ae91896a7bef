// Added by PilotGate's scripts/install-test-db.mjs: WAL checkpoints once a second instead of at commits.
//
// SQLite's auto-checkpoint runs inside the commit that pushes the WAL past its limit. Under steady
// concurrent reads the WAL never resets, so every later commit checkpoints and fsyncs again, while
// holding PilotGate's write lock: about half of an update's time. The server's URI turns the
// auto-checkpoint off (wal_autocheckpoint(0)); this loop checkpoints passively (never blocking readers
// or writers), so a burst pays one fsync a second, much like MongoDB's periodic journal flush.

package pool

import (
	"database/sql"
	"strings"
	"time"
)

const pilotgateCheckpointEvery = time.Second

func pilotgateCheckpointLoop(db *sql.DB) {
	t := time.NewTicker(pilotgateCheckpointEvery)
	defer t.Stop()

	for range t.C {
		_, err := db.Exec("PRAGMA wal_checkpoint(PASSIVE)")
		if err != nil && strings.Contains(err.Error(), "database is closed") {
			return
		}
	}
}
