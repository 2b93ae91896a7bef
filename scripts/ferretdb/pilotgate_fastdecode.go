// Added by PilotGate's scripts/install-test-db.mjs.
//
// Stock sjson.Unmarshal decodes a stored document with encoding/json three times over (the document
// into raw messages, its schema by reflection, then every value with a json.Decoder of its own), and
// that is most of what a collection scan costs on SQLite. This decodes the document once with
// fastjson and walks the schema over the parsed tree. Anything it does not recognise (binary data,
// regular expressions, a schema that does not fit) returns ok=false and the stock decoder runs, so
// its results and errors are unchanged.

package sjson

import (
	"encoding/hex"
	"strconv"
	"time"

	"github.com/valyala/fastjson"

	"github.com/FerretDB/FerretDB/internal/types"
	"github.com/FerretDB/FerretDB/internal/util/must"
)

var pilotgateParsers fastjson.ParserPool

// pilotgateFastUnmarshal decodes a top-level document; ok is false when the stock decoder must run.
func pilotgateFastUnmarshal(data []byte) (doc *types.Document, ok bool) {
	p := pilotgateParsers.Get()
	defer pilotgateParsers.Put(p)

	v, err := p.ParseBytes(data)
	if err != nil {
		return nil, false
	}

	obj, err := v.Object()
	if err != nil {
		return nil, false
	}

	// The top-level object holds the data fields and the schema ($s) beside them.
	return pilotgateDocument(obj, obj.Get("$s"), 1)
}

// pilotgateDocument decodes obj by its schema; extra counts obj's fields that are not data.
func pilotgateDocument(obj *fastjson.Object, sch *fastjson.Value, extra int) (*types.Document, bool) {
	if !pilotgateOnlyFields(sch, "p", "$k") {
		return nil, false
	}

	keys := sch.GetArray("$k")
	if obj.Len() != len(keys)+extra {
		return nil, false
	}

	props := sch.Get("p")
	if len(keys) == 0 {
		return must.NotFail(types.NewDocument()), true
	}

	if props == nil || props.Type() != fastjson.TypeObject {
		return nil, false
	}

	d := must.NotFail(types.NewDocument())

	for _, k := range keys {
		kb, err := k.StringBytes()
		if err != nil {
			return nil, false
		}

		key := string(kb)

		raw := obj.Get(key)
		if raw == nil {
			return nil, false
		}

		val, ok := pilotgateValue(raw, props.Get(key))
		if !ok {
			return nil, false
		}

		d.Set(key, val)
	}

	return d, true
}

func pilotgateValue(raw, el *fastjson.Value) (any, bool) {
	if raw.Type() == fastjson.TypeNull {
		return types.Null, true
	}

	if !pilotgateOnlyFields(el, "t", "$s", "o", "i", "s") {
		return nil, false
	}

	t, err := el.Get("t").StringBytes()
	if err != nil {
		return nil, false
	}

	switch elemType(t) {
	case elemTypeObject:
		obj, err := raw.Object()
		if err != nil {
			return nil, false
		}

		if obj.Len() == 0 {
			return new(types.Document), true
		}

		return pilotgateDocumentValue(obj, el.Get("$s"))
	case elemTypeArray:
		items, err := raw.Array()
		if err != nil {
			return nil, false
		}

		schemas := el.GetArray("i")
		if len(schemas) != len(items) {
			return nil, false
		}

		a := types.MakeArray(len(items))

		for i, item := range items {
			v, ok := pilotgateValue(item, schemas[i])
			if !ok {
				return nil, false
			}

			a.Append(v)
		}

		return a, true
	case elemTypeString:
		s, err := raw.StringBytes()
		if err != nil {
			return nil, false
		}

		return string(s), true
	case elemTypeObjectID:
		s, err := raw.StringBytes()
		if err != nil {
			return nil, false
		}

		var id types.ObjectID
		if hex.DecodedLen(len(s)) != len(id) {
			return nil, false
		}

		if _, err := hex.Decode(id[:], s); err != nil {
			return nil, false
		}

		return id, true
	case elemTypeBool:
		switch raw.Type() {
		case fastjson.TypeTrue:
			return true, true
		case fastjson.TypeFalse:
			return false, true
		default:
			return nil, false
		}
	case elemTypeDouble:
		f, err := strconv.ParseFloat(pilotgateNumber(raw), 64)
		if err != nil {
			return nil, false
		}

		return f, true
	case elemTypeInt:
		i, err := strconv.ParseInt(pilotgateNumber(raw), 10, 32)
		if err != nil {
			return nil, false
		}

		return int32(i), true
	case elemTypeLong:
		i, err := strconv.ParseInt(pilotgateNumber(raw), 10, 64)
		if err != nil {
			return nil, false
		}

		return i, true
	case elemTypeDate:
		ms, err := strconv.ParseInt(pilotgateNumber(raw), 10, 64)
		if err != nil {
			return nil, false
		}

		return time.UnixMilli(ms), true
	case elemTypeTimestamp:
		u, err := strconv.ParseUint(pilotgateNumber(raw), 10, 64)
		if err != nil {
			return nil, false
		}

		return types.Timestamp(u), true
	default:
		return nil, false // binData, regex, null with a value: the stock decoder knows them
	}
}

func pilotgateDocumentValue(obj *fastjson.Object, sch *fastjson.Value) (any, bool) {
	d, ok := pilotgateDocument(obj, sch, 0)
	if !ok {
		return nil, false
	}

	return d, true
}

// pilotgateNumber is a JSON number's text as stored ("" for anything else, which then fails to parse).
func pilotgateNumber(v *fastjson.Value) string {
	if v.Type() != fastjson.TypeNumber {
		return ""
	}

	return string(v.MarshalTo(nil))
}

// pilotgateOnlyFields reports whether v is an object with no fields but those named, as the stock
// decoder's DisallowUnknownFields demands of a schema.
func pilotgateOnlyFields(v *fastjson.Value, names ...string) bool {
	if v == nil {
		return false
	}

	obj, err := v.Object()
	if err != nil {
		return false
	}

	known := true

	obj.Visit(func(key []byte, _ *fastjson.Value) {
		for _, n := range names {
			if string(key) == n {
				return
			}
		}
		known = false
	})

	return known
}
