// Added by PilotGate's scripts/install-test-db.mjs: run by the build, next to FerretDB's own sjson tests.

package sjson

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/FerretDB/FerretDB/internal/types"
	"github.com/FerretDB/FerretDB/internal/util/must"
	"github.com/FerretDB/FerretDB/internal/util/testutil"
)

// The fast decoder takes every type it knows and returns what the stock one returns.
func TestPilotgateFastDecode(t *testing.T) {
	inner := must.NotFail(types.NewDocument("a", "x\u2028<&>\"y", "n", int32(-5), "empty", must.NotFail(types.NewDocument())))
	arr := must.NotFail(types.NewArray(int64(1), 2.5, "s", types.Null, inner, must.NotFail(types.NewArray())))
	doc := must.NotFail(types.NewDocument(
		"_id", types.ObjectID{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12},
		"s", "héllo 😀", "b", true, "f", false, "d", time.UnixMilli(1796189324898), "ts", types.Timestamp(42),
		"neg0", -0.0, "big", 1.7976931348623157e308, "arr", arr, "inner", inner, "null", types.Null, "l", int64(-9007199254740993),
	))
	b := must.NotFail(Marshal(doc))
	fast, ok := pilotgateFastUnmarshal(b)
	require.True(t, ok)
	slow, err := Unmarshal(b)
	require.NoError(t, err)
	testutil.AssertEqual(t, doc, fast)
	testutil.AssertEqual(t, slow, fast)
}
