package indicator

import (
	"encoding/json"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"

	"kampungkb"
)

func TestPercent(t *testing.T) {
	for _, tt := range []struct {
		num, den int
		want     string
	}{
		{1, 3, "33.3"},
		{2, 3, "66.7"},
		{1, 8, "12.5"},
		{1, 16, "6.3"},  // 6.25: half up
		{1, 400, "0.3"}, // 0.25: half up
		{3, 80, "3.8"},  // 3.75
		{5, 1600, "0.3"},
		{1, 2000, "0.1"}, // 0.05: half up
		{1, 2001, "0.0"}, // just below 0.05
		{0, 5, "0.0"},
		{7, 7, "100.0"},
		{1, 0, ""},
		{0, 0, ""},
	} {
		p := Percent{tt.num, tt.den}
		if got := p.String(); got != tt.want {
			t.Errorf("%d/%d = %q, want %q", tt.num, tt.den, got, tt.want)
		}
		if want := kampungkb.FormatPercent(int64(tt.num), int64(tt.den)); p.Format() != want {
			t.Errorf("Format %d/%d = %q, want %q", tt.num, tt.den, p.Format(), want)
		}
	}
}

func TestRecordAndJSON(t *testing.T) {
	c := Counts{Families: 3, Members: 10, PUS: 3, PUSKB: 2, PUSKBModern: 1, MKJP: 1, UnmetIAT: 1,
		TargetFamilies: 2, KRS: 1, Children0to59m: 1}
	got := strings.Join(c.Record(), ",")
	want := "3,10,3,2,1,66.7,33.3,1,50.0,1,0,33.3,0,2,1,50.0,0,0,0,0,1,0,0,"
	if got != want {
		t.Errorf("record\n got %s\nwant %s", got, want)
	}
	b, err := json.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), `"cpr_pct":66.7,`) || !strings.HasSuffix(string(b), `"stunted_pct":null}`) {
		t.Errorf("json %s", b)
	}
	var back Counts
	if err := json.Unmarshal(b, &back); err != nil || back != c {
		t.Errorf("round trip: %+v, %v", back, err)
	}
	rb, err := json.Marshal(Row{Code: "52.03", Name: "Kabupaten \"Lotim\"", Counts: c})
	if err != nil || !strings.HasPrefix(string(rb), `{"code":"52.03","name":"Kabupaten \"Lotim\"","families":3,`) {
		t.Errorf("row json %s, %v", rb, err)
	}
	var rm map[string]any
	if err := json.Unmarshal(rb, &rm); err != nil || len(rm) != len(Header()) {
		t.Errorf("row json has %d keys: %v", len(rm), err)
	}
	if rec := (Row{Code: "52", Name: "NTB", Counts: c}).Record(); len(rec) != len(Header()) || rec[0] != "52" || rec[2] != "3" {
		t.Errorf("row record %v", rec)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil || len(m) != len(Columns()) {
		t.Errorf("json has %d keys: %v", len(m), err)
	}
}

func newRand() *rand.Rand { return rand.New(rand.NewPCG(5, 6)) }

// randomCounts fills every field of a Counts with a small random number.
func randomCounts(r *rand.Rand) Counts {
	var c Counts
	v := reflect.ValueOf(&c).Elem()
	for i := range v.NumField() {
		v.Field(i).SetInt(int64(r.IntN(100)))
	}
	return c
}

func TestAddAssociativeCommutative(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for range 200 {
		a, b, c := randomCounts(r), randomCounts(r), randomCounts(r)
		if a.Add(b).Add(c) != a.Add(b.Add(c)) {
			t.Fatal("Add is not associative")
		}
		if a.Add(b) != b.Add(a) {
			t.Fatal("Add is not commutative")
		}
		if a.Add(Counts{}) != a || Sum(a, b, c) != a.Add(b).Add(c) {
			t.Fatal("zero or Sum wrong")
		}
	}
	// Add touches every field.
	one := Counts{}
	v := reflect.ValueOf(&one).Elem()
	for i := range v.NumField() {
		v.Field(i).SetInt(1)
	}
	two := one.Add(one)
	w := reflect.ValueOf(two)
	for i := range w.NumField() {
		if w.Field(i).Int() != 2 {
			t.Errorf("Add skips %s", w.Type().Field(i).Name)
		}
	}
}

// randomFamily draws a family from all code values, edge ages included.
func randomFamily(r *rand.Rand) (kampungkb.Family, []kampungkb.Member, map[int][]Measurement) {
	pick := func(list []string) string { return list[r.IntN(len(list))] }
	f := kampungkb.Family{
		WaterSource:   pick(append(kampungkb.WaterSources.Codes(), "")),
		Toilet:        pick(append(kampungkb.Toilets.Codes(), "")),
		WelfareDecile: r.IntN(11),
	}
	var members []kampungkb.Member
	ms := map[int][]Measurement{}
	for no := 1; no <= r.IntN(8); no++ {
		birth := at.AddDays(-r.IntN(60*365) + 30)
		m := kampungkb.Member{MemberNo: no, Sex: pick([]string{"l", "p"}), BirthDate: birth,
			MaritalStatus: pick(append(kampungkb.MaritalStatuses.Codes(), "")),
			KBMethod:      pick(append(kampungkb.KBMethods.Codes(), "", "")),
			KBReason:      pick(append(kampungkb.KBReasons.Codes(), "")),
			LastBirthDate: at.AddDays(-r.IntN(2000) + 30)}
		if r.IntN(2) == 0 {
			n, a, p := r.IntN(8), 12+r.IntN(20), r.IntN(2) == 0
			m.ChildrenBorn, m.MarriageAge, m.Pregnant = &n, &a, &p
		}
		members = append(members, m)
		for range r.IntN(4) {
			zz := -7 + r.Float64()*10
			ms[no] = append(ms[no], Measurement{Date: at.AddDays(-r.IntN(300) + 10), ZLen: &zz, FLen: r.IntN(5) == 0})
		}
	}
	return f, members, ms
}

func TestFamilyBounds(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for _, rs := range []*RuleSet{Default(), withExtra(t, true, []int{1, 2, 3, 4})} {
		for range 3000 {
			f, members, ms := randomFamily(r)
			c := rs.Family(f, members, ms, at)
			ok := c.Families == 1 && c.Members <= len(members) &&
				c.PUS <= c.Members && c.PUSKB <= c.PUS && c.PUSKBModern <= c.PUSKB && c.MKJP <= c.PUSKBModern &&
				c.UnmetIAT+c.UnmetTIAL <= c.PUS-c.PUSKB && c.EarlyMarriage19 <= c.Members &&
				c.Children0to59m <= c.Members && c.Measured0to59m <= c.Children0to59m && c.Stunted <= c.Measured0to59m &&
				c.KRS <= c.TargetFamilies && c.TargetFamilies <= 1 &&
				c.TMuda <= 1 && c.TTua <= 1 && c.TDekat <= 1 && c.TBanyak <= 1 &&
				c.TMuda+c.TTua+c.TDekat+c.TBanyak <= 4*c.TargetFamilies &&
				(c.PUS == 0 || c.TargetFamilies == 1) && (c.TMuda+c.TTua+c.TDekat+c.TBanyak == 0 || c.KRS == 1)
			if !ok {
				t.Fatalf("impossible counts %+v for %+v", c, members)
			}
			// A family's counts equal the sum of its members' counts where
			// the column is per member.
			var per Counts
			for _, m := range members {
				per = per.Add(rs.Family(f, []kampungkb.Member{m}, ms, at))
			}
			if per.Members != c.Members || per.PUS != c.PUS || per.PUSKB != c.PUSKB || per.MKJP != c.MKJP ||
				per.Children0to59m != c.Children0to59m || per.Stunted != c.Stunted || per.EarlyMarriage19 != c.EarlyMarriage19 {
				t.Fatalf("member counts do not add up: %+v vs %+v", per, c)
			}
		}
	}
}
