package kampungkb

import (
	"strings"
	"testing"
)

func validActivity() Activity {
	return Activity{
		Title:      "Penyuluhan KB bagi PUS",
		Date:       MustDate("2024-05-14"),
		KampungIDs: []int64{1},
		Category:   "reproduksi",
		Type:       "penyuluhan",
	}
}

func TestActivityValidate(t *testing.T) {
	tests := []struct {
		name   string
		change func(a *Activity)
		fields []string // fields with a problem; none means valid
	}{
		{"minimal", func(a *Activity) {}, nil},
		{"complete", func(a *Activity) {
			a.StartTime, a.EndTime = "9.30", "11:00"
			a.PartnerIDs = []int64{3, 4}
			a.Institutions = []string{"19", "32"}
			a.Targets = []string{"pus", "catin"}
			a.ParticipantsMale, a.ParticipantsFemale = 4, 20
			a.Attendees = []Attendee{{Name: "Bidan Desa", Sex: "p", Role: "narasumber"}, {}}
		}, nil},
		{"title blank", func(a *Activity) { a.Title = "  " }, []string{"title"}},
		{"title too long", func(a *Activity) { a.Title = strings.Repeat("x", 501) }, []string{"title"}},
		{"no date", func(a *Activity) { a.Date = Date{} }, []string{"date"}},
		{"bad start time", func(a *Activity) { a.StartTime = "25:00" }, []string{"start_time"}},
		{"end before start", func(a *Activity) { a.StartTime, a.EndTime = "10:00", "09:00" }, []string{"end_time"}},
		{"no kampung", func(a *Activity) { a.KampungIDs = nil }, []string{"kampung_ids"}},
		{"kampung twice", func(a *Activity) { a.KampungIDs = []int64{2, 2} }, []string{"kampung_ids"}},
		{"kampung zero", func(a *Activity) { a.KampungIDs = []int64{0} }, []string{"kampung_ids"}},
		{"unknown category", func(a *Activity) { a.Category = "olahraga" }, []string{"category"}},
		{"unknown type", func(a *Activity) { a.Type = "" }, []string{"type"}},
		{"partner twice", func(a *Activity) { a.PartnerIDs = []int64{5, 5} }, []string{"partner_ids"}},
		{"unknown institution", func(a *Activity) { a.Institutions = []string{"38"} }, []string{"institutions"}},
		{"unknown target", func(a *Activity) { a.Targets = []string{"semua"} }, []string{"targets"}},
		{"negative participants", func(a *Activity) { a.ParticipantsFemale = -1 }, []string{"participants_female"}},
		{"attendee without name", func(a *Activity) {
			a.ParticipantsFemale = 1
			a.Attendees = []Attendee{{Role: "kader"}}
		}, []string{"attendees"}},
		{"attendee bad sex", func(a *Activity) {
			a.ParticipantsFemale = 1
			a.Attendees = []Attendee{{Name: "Siti", Sex: "w"}}
		}, []string{"attendees"}},
		{"fewer participants than attendees", func(a *Activity) {
			a.Attendees = []Attendee{{Name: "Siti"}, {Name: "Ahmad"}}
			a.ParticipantsMale = 1
		}, []string{"participants_male"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := validActivity()
			tt.change(&a)
			checkFields(t, a.Validate(), tt.fields)
		})
	}
}

func TestActivityValidateNormalises(t *testing.T) {
	a := validActivity()
	a.Title = "  Posyandu Remaja "
	a.StartTime = "8.05"
	a.Attendees = []Attendee{{Name: " Siti ", Role: " kader "}, {Name: "  "}}
	a.ParticipantsFemale = 1
	if err := a.Validate(); err != nil {
		t.Fatal(err)
	}
	if a.Title != "Posyandu Remaja" || a.StartTime != "08:05" || len(a.Attendees) != 1 ||
		a.Attendees[0] != (Attendee{Name: "Siti", Role: "kader"}) {
		t.Errorf("normalised to %+v", a)
	}
	if a.Participants() != 1 {
		t.Errorf("Participants() = %d", a.Participants())
	}
}

// checkFields fails unless err is nil when want is empty, or an Invalid
// error with a message for exactly the fields in want.
func checkFields(t *testing.T, err error, want []string) {
	t.Helper()
	if len(want) == 0 {
		if err != nil {
			t.Errorf("unexpected error: %v", err)
		}
		return
	}
	if ErrorKind(err) != Invalid {
		t.Fatalf("err = %v, want invalid", err)
	}
	got := ErrorFields(err)
	for _, f := range want {
		if got[f] == "" {
			t.Errorf("no message for %s: %v", f, err)
		}
	}
	if len(got) != len(want) {
		t.Errorf("fields %v, want %v", got, want)
	}
}
