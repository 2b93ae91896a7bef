// Added by PilotGate's scripts/install-test-db.mjs: serialize write commands so that
// single-document updates are atomic (FerretDB 1.x does read-modify-write without a transaction).

package clientconn

import "sync"

var pilotgateWriteMu sync.Mutex

var pilotgateSerialized = map[string]bool{
	"insert":        true,
	"update":        true,
	"delete":        true,
	"findAndModify": true,
	"findandmodify": true,
}
