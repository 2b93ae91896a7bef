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

// pilotgateMaxConditions bounds the conditions pushed down (the clause has 2^n branches).
const pilotgateMaxConditions = 4

// pilotgateMaxArgs keeps a clause well under SQLite's limit on parameters.
const pilotgateMaxArgs = 20000

// pilotgateCondition is one field's condition: its value is one of values, or the field is an array.
type pilotgateCondition struct {
	column string
	values []any
}

// pilotgateWhereClause returns " WHERE …" and its arguments, or "" when nothing can be pushed down.
//
// Each condition is "one of these values, or an array". The clause is written as the OR of every
// combination of those two alternatives (each an AND of plain terms) rather than an AND of ORs, so
// that SQLite answers it from a compound index in one search per branch: the branch of plain values
// is the real query, the array branches are empty unless the field holds arrays.
func pilotgateWhereClause(filter *types.Document) (string, []any) {
	if filter == nil || filter.Len() == 0 {
		return "", nil
	}

	var conds []pilotgateCondition

	for _, key := range filter.Keys() {
		if key == "" || strings.HasPrefix(key, "$") || strings.Contains(key, ".") {
			continue
		}

		values, ok := pilotgateEqualityValues(must.NotFail(filter.Get(key)))
		if !ok {
			continue
		}

		conds = append(conds, pilotgateCondition{column: fmt.Sprintf("%s->%q", metadata.DefaultColumn, key), values: values})
	}

	// An _id condition alone finds the document through the unique _id index; more terms only cost.
	for _, c := range conds {
		if c.column == fmt.Sprintf("%s->%q", metadata.DefaultColumn, "_id") {
			conds = []pilotgateCondition{c}
			break
		}
	}

	for len(conds) > pilotgateMaxConditions || (len(conds) > 1 && pilotgateArgCount(conds) > pilotgateMaxArgs) {
		conds = conds[:len(conds)-1]
	}

	if len(conds) == 0 || pilotgateArgCount(conds) > pilotgateMaxArgs {
		return "", nil
	}

	var branches []string
	var args []any

	for mask := 0; mask < 1<<len(conds); mask++ {
		terms := make([]string, len(conds))

		for i, c := range conds {
			if mask&(1<<i) != 0 {
				terms[i] = fmt.Sprintf(`(%[1]s > '[' AND %[1]s < '\')`, c.column)
				continue
			}

			placeholders := strings.TrimSuffix(strings.Repeat("?, ", len(c.values)), ", ")
			terms[i] = fmt.Sprintf(`%s IN (%s)`, c.column, placeholders)

			for _, v := range c.values {
				args = append(args, string(must.NotFail(sjson.MarshalSingleValue(v))))
			}
		}

		branches = append(branches, "("+strings.Join(terms, " AND ")+")")
	}

	return " WHERE " + strings.Join(branches, " OR "), args
}

// pilotgateArgCount is the number of parameters the clause for conds takes.
func pilotgateArgCount(conds []pilotgateCondition) int {
	n := 0
	for _, c := range conds {
		n += len(c.values)
	}

	return n << (len(conds) - 1)
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
