// Added by PilotGate's scripts/install-test-db.mjs.
//
// Stock FerretDB 1.24 on SQLite pushes down only a filter that is exactly {_id: <string or ObjectId>}
// (and then compares against an expression no index covers), so every other query decodes every
// document of the collection. This builds a WHERE clause from the filter's top-level equality and
// $in conditions on strings, ObjectIds and booleans, written with the very expression FerretDB's
// indexes are built on (_ferretdb_sjson->"field"), so SQLite answers it from the index.
//
// The clause selects a superset of the matching documents: the handler still applies the whole
// filter in Go afterwards. Array-valued fields (which match an element in MongoDB) are kept by the
// second range on the same expression: an array's JSON text starts with '['.

package sqlite

import (
	"fmt"
	"strings"

	"github.com/FerretDB/FerretDB/internal/backends/sqlite/metadata"
	"github.com/FerretDB/FerretDB/internal/handler/sjson"
	"github.com/FerretDB/FerretDB/internal/types"
	"github.com/FerretDB/FerretDB/internal/util/must"
)

// pilotgateMaxInValues bounds the SQL parameters one $in may add.
const pilotgateMaxInValues = 500

// pilotgateWhereClause returns " WHERE …" and its arguments, or "" when nothing can be pushed down.
func pilotgateWhereClause(filter *types.Document) (string, []any) {
	if filter == nil || filter.Len() == 0 {
		return "", nil
	}

	var conds []string
	var args []any

	for _, key := range filter.Keys() {
		if key == "" || strings.HasPrefix(key, "$") || strings.Contains(key, ".") {
			continue
		}

		values, ok := pilotgateEqualityValues(must.NotFail(filter.Get(key)))
		if !ok {
			continue
		}

		column := fmt.Sprintf("%s->%q", metadata.DefaultColumn, key)
		placeholders := strings.TrimSuffix(strings.Repeat("?, ", len(values)), ", ")
		conds = append(conds, fmt.Sprintf(`(%[1]s IN (%[2]s) OR (%[1]s > '[' AND %[1]s < '\'))`, column, placeholders))

		for _, v := range values {
			args = append(args, string(must.NotFail(sjson.MarshalSingleValue(v))))
		}
	}

	if len(conds) == 0 {
		return "", nil
	}

	return " WHERE " + strings.Join(conds, " AND "), args
}

// pilotgateEqualityValues returns the values one of which the field must equal: the value itself,
// or those of an $eq or $in operator. ok is false when the condition cannot be pushed down.
func pilotgateEqualityValues(v any) ([]any, bool) {
	if pilotgateScalar(v) {
		return []any{v}, true
	}

	ops, isDoc := v.(*types.Document)
	if !isDoc || ops.Len() == 0 {
		return nil, false
	}

	for _, op := range ops.Keys() {
		if !strings.HasPrefix(op, "$") {
			return nil, false // an embedded document to compare whole
		}
	}

	if eq, err := ops.Get("$eq"); err == nil && pilotgateScalar(eq) {
		return []any{eq}, true
	}

	in, err := ops.Get("$in")
	if err != nil {
		return nil, false
	}

	arr, isArr := in.(*types.Array)
	if !isArr || arr.Len() == 0 || arr.Len() > pilotgateMaxInValues {
		return nil, false
	}

	values := make([]any, 0, arr.Len())
	for i := 0; i < arr.Len(); i++ {
		el := must.NotFail(arr.Get(i))
		if !pilotgateScalar(el) {
			return nil, false
		}
		values = append(values, el)
	}

	return values, true
}

// pilotgateScalar reports whether v is stored as JSON text that SQLite returns byte for byte as
// sjson marshals it: booleans, ObjectIds, and strings of printable ASCII without characters that
// JSON escapes (so no escaping difference can hide a document).
func pilotgateScalar(v any) bool {
	switch v := v.(type) {
	case bool, types.ObjectID:
		return true
	case string:
		for i := 0; i < len(v); i++ {
			c := v[i]
			if c < 0x20 || c > 0x7e || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
				return false
			}
		}
		return true
	default:
		return false
	}
}
