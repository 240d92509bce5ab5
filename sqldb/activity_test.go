package sqldb_test

import (
	"fmt"
	"sort"
	"strings"
	"testing"
	"time"

	"kampungkb"
	"kampungkb/internal/testutil"
	"kampungkb/sqldb"
)

// fixture is a small Lombok Timur: four Kampung KB (one archived), a
// partner with a unit, another partner and an MoU.
type fixture struct {
	db                         *sqldb.DB
	pancor, tumbuh, tanjung    int64 // Selong, Suralaga, Keruak
	archived                   int64 // Keruak, archived
	muslimat, muslimatPancor   int64
	bank                       int64
	mou                        int64
	kampungNames, partnerNames map[int64]string
}

func newFixture(t *testing.T, db *sqldb.DB) *fixture {
	t.Helper()
	testutil.MustLoadRegions(t, db, "52.03")
	db.Now = func() time.Time { return time.Date(2024, 12, 31, 10, 0, 0, 0, time.UTC) }
	f := &fixture{db: db}
	f.pancor = sqldb.SeedKampung(t, db, "Kampung KB Pancor", "52.03.07.1001")
	f.tumbuh = sqldb.SeedKampung(t, db, "Kampung KB Tumbuh Mulia", "52.03.13.2007")
	f.tanjung = sqldb.SeedKampung(t, db, "Kampung KB Tanjung Luar", "52.03.01.2001")
	f.archived = sqldb.SeedKampung(t, db, "Kampung KB Pijot", "52.03.01.2002")
	sqldb.SeedArchiveKampung(t, db, f.archived)
	f.kampungNames = map[int64]string{f.pancor: "Kampung KB Pancor", f.tumbuh: "Kampung KB Tumbuh Mulia",
		f.tanjung: "Kampung KB Tanjung Luar", f.archived: "Kampung KB Pijot"}
	partner := func(m kampungkb.Partner) int64 {
		if err := db.CreatePartner(ctx, &m); err != nil {
			t.Fatal(err)
		}
		return m.ID
	}
	f.muslimat = partner(kampungkb.Partner{Name: "Muslimat NW", Category: "ormas_keagamaan"})
	f.muslimatPancor = partner(kampungkb.Partner{Name: "Muslimat NW Pancor", Category: "ormas_keagamaan", ParentID: f.muslimat})
	f.bank = partner(kampungkb.Partner{Name: "Bank NTB Syariah", Category: "bumn_bumd"})
	f.partnerNames = map[int64]string{f.muslimat: "Muslimat NW", f.muslimatPancor: "Muslimat NW Pancor", f.bank: "Bank NTB Syariah"}
	f.mou = sqldb.SeedAgreement(t, db, "MoU Muslimat NW dan DP3AKB Lombok Timur", "2023-01-01", "2025-12-31", "52.03", f.muslimat)
	return f
}

// activity stores an activity and returns it.
func (f *fixture) activity(t *testing.T, title, date string, kampung []int64, partners []int64, change ...func(*kampungkb.Activity)) kampungkb.Activity {
	t.Helper()
	a := kampungkb.Activity{Title: title, Date: kampungkb.MustDate(date), KampungIDs: kampung, PartnerIDs: partners,
		Category: "reproduksi", Type: "penyuluhan", Place: "Balai desa"}
	for _, c := range change {
		c(&a)
	}
	if err := f.db.CreateActivity(ctx, &a); err != nil {
		t.Fatalf("create activity %s: %v", title, err)
	}
	return a
}

// contribution stores a contribution and returns it.
func (f *fixture) contribution(t *testing.T, partner, kampung, activity int64, amount int64, date string) kampungkb.Contribution {
	t.Helper()
	c := kampungkb.Contribution{PartnerID: partner, KampungID: kampung, ActivityID: activity, Kind: "uang",
		Amount: amount, Date: kampungkb.MustDate(date), Description: fmt.Sprintf("Dana %d", amount)}
	if err := f.db.CreateContribution(ctx, &c); err != nil {
		t.Fatalf("create contribution: %v", err)
	}
	return c
}

func refNames(refs []kampungkb.Ref) string {
	var s []string
	for _, r := range refs {
		s = append(s, r.Name)
	}
	return strings.Join(s, ", ")
}

func TestActivityLifecycle(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *sqldb.DB) {
		f := newFixture(t, db)
		a := kampungkb.Activity{
			Title: "Penyuluhan KB dan kesehatan reproduksi", Date: kampungkb.MustDate("2024-05-14"),
			StartTime: "9.00", EndTime: "11.30", Place: "Masjid Pancor",
			KampungIDs: []int64{f.tumbuh, f.pancor}, PartnerIDs: []int64{f.muslimatPancor, f.bank},
			Category: "reproduksi", Type: "penyuluhan", AgreementID: f.mou,
			Institutions: []string{"32", "19"}, Targets: []string{"catin", "pus"},
			ParticipantsMale: 5, ParticipantsFemale: 30,
			Attendees:   []kampungkb.Attendee{{Name: "Bidan Rina", Sex: "p", Role: "narasumber"}, {Name: "Ustaz Hamid", Sex: "l"}},
			Description: "Penyuluhan setelah pengajian.", Outcome: "12 PUS ingin ber-KB.",
		}
		if err := db.CreateActivity(ctx, &a); err != nil {
			t.Fatal(err)
		}
		if a.ID == 0 || a.Version != 1 || a.CreatedBy != "tester" {
			t.Errorf("created %+v", a.Meta)
		}
		got, err := db.Activity(ctx, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Title != a.Title || got.Date != a.Date || got.StartTime != "09:00" || got.EndTime != "11:30" ||
			got.AgreementTitle != "MoU Muslimat NW dan DP3AKB Lombok Timur" || got.Outcome != a.Outcome {
			t.Errorf("got %+v", got)
		}
		if n := refNames(got.Kampung); n != "Kampung KB Pancor, Kampung KB Tumbuh Mulia" {
			t.Errorf("kampung = %s", n)
		}
		if n := refNames(got.Partners); n != "Bank NTB Syariah, Muslimat NW Pancor" {
			t.Errorf("partners = %s", n)
		}
		if fmt.Sprint(got.KampungIDs) != fmt.Sprint([]int64{f.pancor, f.tumbuh}) {
			t.Errorf("kampung ids = %v", got.KampungIDs)
		}
		// codes come back in the code lists' order
		if fmt.Sprint(got.Institutions, got.Targets) != "[19 32] [pus catin]" {
			t.Errorf("codes = %v %v", got.Institutions, got.Targets)
		}
		if len(got.Attendees) != 2 || got.Attendees[0].Name != "Bidan Rina" || got.Attendees[1].Sex != "l" {
			t.Errorf("attendees = %+v", got.Attendees)
		}

		// references that do not exist are field errors; nothing is stored
		bad := a
		bad.ID, bad.KampungIDs, bad.PartnerIDs, bad.AgreementID = 0, []int64{f.pancor, 9999}, []int64{8888}, 7777
		err = db.CreateActivity(ctx, &bad)
		fields := kampungkb.ErrorFields(err)
		if kampungkb.ErrorKind(err) != kampungkb.Invalid || !strings.Contains(fields["kampung_ids"], "9999") ||
			!strings.Contains(fields["partner_ids"], "8888") || !strings.Contains(fields["agreement_id"], "7777") {
			t.Errorf("bad refs: %v", err)
		}
		if _, total, _ := db.Activities(ctx, kampungkb.Filter{}); total != 1 {
			t.Errorf("%d activities after a refused create, want 1", total)
		}
		bad = kampungkb.Activity{}
		if err := db.CreateActivity(ctx, &bad); kampungkb.ErrorFields(err)["title"] == "" {
			t.Errorf("empty activity: %v", err)
		}

		// update replaces links, codes and attendees; stale versions are refused
		a1, _ := db.Activity(ctx, a.ID)
		a2 := a1
		a1.KampungIDs, a1.PartnerIDs, a1.AgreementID = []int64{f.tanjung}, nil, 0
		a1.Institutions, a1.Targets, a1.Attendees = []string{"30"}, nil, nil
		a1.ParticipantsMale = 0
		if err := db.UpdateActivity(ctx, &a1); err != nil {
			t.Fatal(err)
		}
		if a1.Version != 2 {
			t.Errorf("version after update = %d", a1.Version)
		}
		got, _ = db.Activity(ctx, a.ID)
		if refNames(got.Kampung) != "Kampung KB Tanjung Luar" || len(got.Partners) != 0 || got.AgreementID != 0 ||
			fmt.Sprint(got.Institutions) != "[30]" || len(got.Targets) != 0 || len(got.Attendees) != 0 {
			t.Errorf("after update %+v", got)
		}
		a2.Title = "Judul lain"
		if err := db.UpdateActivity(ctx, &a2); kampungkb.ErrorKind(err) != kampungkb.Conflict {
			t.Errorf("stale update: %v, want conflict", err)
		}
		missing := a1
		missing.ID, missing.Version = 4242, 0
		if err := db.UpdateActivity(ctx, &missing); kampungkb.ErrorKind(err) != kampungkb.NotFound {
			t.Errorf("update of a missing activity: %v", err)
		}
		if _, err := db.Activity(ctx, 4242); kampungkb.ErrorKind(err) != kampungkb.NotFound {
			t.Errorf("missing activity: %v", err)
		}
	})
}

var pngBytes = []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00")

func TestActivityPhotosAndDelete(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *sqldb.DB) {
		f := newFixture(t, db)
		a := f.activity(t, "Kerja bakti", "2024-02-10", []int64{f.pancor}, []int64{f.bank})
		file := kampungkb.File{Name: "sebelum.png", ContentType: "image/png", Data: pngBytes}
		ph, err := db.AddActivityPhoto(ctx, a.ID, "sebelum", " Selokan sebelum dibersihkan ", &file)
		if err != nil {
			t.Fatal(err)
		}
		if ph.ID == 0 || ph.FileID == 0 || ph.Caption != "Selokan sebelum dibersihkan" || ph.Tag != "sebelum" {
			t.Errorf("photo = %+v", ph)
		}
		second := kampungkb.File{Name: "sesudah.png", ContentType: "image/png", Data: pngBytes}
		ph2, err := db.AddActivityPhoto(ctx, a.ID, "sesudah", "", &second)
		if err != nil {
			t.Fatal(err)
		}
		got, _ := db.Activity(ctx, a.ID)
		if len(got.Photos) != 2 || got.Photos[0] != ph || got.Photos[1] != ph2 {
			t.Errorf("photos = %+v", got.Photos)
		}
		stored, err := db.File(ctx, ph.FileID)
		if err != nil || string(stored.Data) != string(pngBytes) || stored.Size != int64(len(pngBytes)) {
			t.Errorf("file = %+v, %v", stored, err)
		}

		// refused uploads
		for _, tc := range []struct {
			tag, field string
			file       kampungkb.File
		}{
			{"lainnya", "tag", kampungkb.File{ContentType: "image/png", Data: pngBytes}},
			{"kegiatan", "photo", kampungkb.File{ContentType: "application/pdf", Data: []byte("%PDF-1.4")}},
			{"kegiatan", "photo", kampungkb.File{ContentType: "image/png"}},
		} {
			_, err := db.AddActivityPhoto(ctx, a.ID, tc.tag, "", &tc.file)
			if kampungkb.ErrorFields(err)[tc.field] == "" {
				t.Errorf("photo %s %s: %v, want a message for %s", tc.tag, tc.file.ContentType, err, tc.field)
			}
		}
		if _, err := db.AddActivityPhoto(ctx, 4242, "kegiatan", "", &kampungkb.File{ContentType: "image/png", Data: pngBytes}); kampungkb.ErrorKind(err) != kampungkb.NotFound {
			t.Errorf("photo of a missing activity: %v", err)
		}

		// removing a photo removes its file; a photo of another activity is not found
		other := f.activity(t, "Rapat Pokja", "2024-02-11", []int64{f.pancor}, nil)
		if err := db.RemoveActivityPhoto(ctx, other.ID, ph.ID); kampungkb.ErrorKind(err) != kampungkb.NotFound {
			t.Errorf("remove through another activity: %v", err)
		}
		if err := db.RemoveActivityPhoto(ctx, a.ID, ph.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := db.File(ctx, ph.FileID); kampungkb.ErrorKind(err) != kampungkb.NotFound {
			t.Errorf("file of a removed photo: %v", err)
		}

		// an activity with contributions is not deleted
		c := f.contribution(t, f.bank, 0, a.ID, 750000, "2024-02-10")
		err = db.DeleteActivity(ctx, a.ID)
		if kampungkb.ErrorKind(err) != kampungkb.Conflict || !strings.Contains(err.Error(), "1 kontribusi") ||
			!strings.Contains(err.Error(), "ubah") {
			t.Errorf("delete with a contribution: %v", err)
		}
		if err := db.DeleteContribution(ctx, c.ID); err != nil {
			t.Fatal(err)
		}
		if err := db.DeleteActivity(ctx, a.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := db.Activity(ctx, a.ID); kampungkb.ErrorKind(err) != kampungkb.NotFound {
			t.Errorf("deleted activity: %v", err)
		}
		if _, err := db.File(ctx, ph2.FileID); kampungkb.ErrorKind(err) != kampungkb.NotFound {
			t.Errorf("photo file of a deleted activity: %v", err)
		}
		if err := db.DeleteActivity(ctx, a.ID); kampungkb.ErrorKind(err) != kampungkb.NotFound {
			t.Errorf("second delete: %v", err)
		}
	})
}

func TestActivitiesList(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *sqldb.DB) {
		f := newFixture(t, db)
		f.activity(t, "Posyandu remaja", "2024-03-01", []int64{f.pancor}, []int64{f.muslimatPancor})
		f.activity(t, "Pelatihan UPPKA", "2024-03-01", []int64{f.tumbuh, f.pancor}, []int64{f.bank, f.muslimat},
			func(a *kampungkb.Activity) { a.Category, a.Type, a.AgreementID = "ekonomi", "pelatihan", f.mou })
		f.activity(t, "Rapat Pokja", "2023-11-20", []int64{f.tanjung}, nil,
			func(a *kampungkb.Activity) { a.Type, a.Place = "rapat", "Kantor Desa Tanjung Luar" })
		f.activity(t, "Pelayanan KB 100%_gratis", "2024-07-09", []int64{f.archived}, []int64{f.bank},
			func(a *kampungkb.Activity) { a.Type = "pelayanan_kb" })

		titles := func(rows []sqldb.ActivityRow) string {
			var s []string
			for _, r := range rows {
				s = append(s, r.Title)
			}
			return strings.Join(s, "|")
		}
		tests := []struct {
			name   string
			filter kampungkb.Filter
			want   string
		}{
			{"all, newest first, then highest id", kampungkb.Filter{},
				"Pelayanan KB 100%_gratis|Pelatihan UPPKA|Posyandu remaja|Rapat Pokja"},
			{"q in title", kampungkb.Filter{Q: "POSYANDU"}, "Posyandu remaja"},
			{"q in place", kampungkb.Filter{Q: "kantor desa"}, "Rapat Pokja"},
			{"q with LIKE characters", kampungkb.Filter{Q: "100%_"}, "Pelayanan KB 100%_gratis"},
			{"q % is literal", kampungkb.Filter{Q: "%"}, "Pelayanan KB 100%_gratis"},
			{"kecamatan", kampungkb.Filter{Region: "52.03.07"}, "Pelatihan UPPKA|Posyandu remaja"},
			{"village", kampungkb.Filter{Region: "52.03.13.2007"}, "Pelatihan UPPKA"},
			{"kabupaten", kampungkb.Filter{Region: "52.03"},
				"Pelayanan KB 100%_gratis|Pelatihan UPPKA|Posyandu remaja|Rapat Pokja"},
			{"other kabupaten", kampungkb.Filter{Region: "52.01"}, ""},
			{"category", kampungkb.Filter{Category: "ekonomi"}, "Pelatihan UPPKA"},
			{"type", kampungkb.Filter{Type: "rapat"}, "Rapat Pokja"},
			{"partner", kampungkb.Filter{PartnerID: f.bank}, "Pelayanan KB 100%_gratis|Pelatihan UPPKA"},
			{"partner is not its units", kampungkb.Filter{PartnerID: f.muslimat}, "Pelatihan UPPKA"},
			{"kampung", kampungkb.Filter{KampungID: f.pancor}, "Pelatihan UPPKA|Posyandu remaja"},
			{"agreement", kampungkb.Filter{AgreementID: f.mou}, "Pelatihan UPPKA"},
			{"period", kampungkb.Filter{Period: kampungkb.Period{From: kampungkb.MustDate("2024-01-01"), To: kampungkb.MustDate("2024-03-01")}},
				"Pelatihan UPPKA|Posyandu remaja"},
			{"open start", kampungkb.Filter{Period: kampungkb.Period{To: kampungkb.MustDate("2023-12-31")}}, "Rapat Pokja"},
			{"open end", kampungkb.Filter{Period: kampungkb.Period{From: kampungkb.MustDate("2024-03-02")}}, "Pelayanan KB 100%_gratis"},
			{"combined", kampungkb.Filter{Region: "52.03.07", PartnerID: f.muslimatPancor}, "Posyandu remaja"},
		}
		for _, tt := range tests {
			rows, total, err := db.Activities(ctx, tt.filter)
			if err != nil {
				t.Fatalf("%s: %v", tt.name, err)
			}
			if got := titles(rows); got != tt.want || total != len(rows) {
				t.Errorf("%s: %q (total %d), want %q", tt.name, got, total, tt.want)
			}
		}

		// with a Kampung KB outside Lombok Timur, the kabupaten filter is
		// no longer a formality
		testutil.MustLoadRegions(t, db, "52.01")
		gerung := sqldb.SeedKampung(t, db, "Kampung KB Gerung Utara", "52.01.01.1001")
		f.activity(t, "Posyandu Gerung", "2024-01-05", []int64{gerung}, nil)
		for region, want := range map[string]int{"52.03": 4, "52": 5, "52.01": 1} {
			if _, total, err := db.Activities(ctx, kampungkb.Filter{Region: region}); err != nil || total != want {
				t.Errorf("region %s: %d activities, want %d (%v)", region, total, want, err)
			}
		}

		// refs are filled for the page
		rows, _, _ := db.Activities(ctx, kampungkb.Filter{Q: "UPPKA"})
		if len(rows) != 1 || refNames(rows[0].Kampung) != "Kampung KB Pancor, Kampung KB Tumbuh Mulia" ||
			refNames(rows[0].Partners) != "Bank NTB Syariah, Muslimat NW" || len(rows[0].KampungIDs) != 2 ||
			rows[0].AgreementTitle == "" || rows[0].Version != 1 {
			t.Errorf("row = %+v", rows)
		}

		// paging
		rows, total, err := db.Activities(ctx, kampungkb.Filter{Limit: 2, Offset: 3})
		if err != nil || total != 5 || titles(rows) != "Posyandu Gerung|Rapat Pokja" {
			t.Errorf("page 2 = %q total %d %v", titles(rows), total, err)
		}
		rows, total, err = db.Activities(ctx, kampungkb.Filter{Limit: 2, Offset: 10})
		if err != nil || total != 5 || len(rows) != 0 {
			t.Errorf("past the end = %d rows, total %d, %v", len(rows), total, err)
		}
	})
}

func TestActivitiesPageRefsWithoutNPlusOne(t *testing.T) {
	// A full page of activities comes with every row's refs.
	testutil.ForEachEngine(t, func(t *testing.T, db *sqldb.DB) {
		f := newFixture(t, db)
		sqldb.SeedActivities(t, db, 120, []int64{f.pancor, f.tumbuh, f.tanjung}, []int64{f.bank, f.muslimat, f.muslimatPancor})
		rows, total, err := db.Activities(ctx, kampungkb.Filter{Limit: 100})
		if err != nil || total != 120 || len(rows) != 100 {
			t.Fatalf("rows %d total %d %v", len(rows), total, err)
		}
		withPartners := 0
		for _, r := range rows {
			if len(r.Kampung) == 0 || len(r.Kampung) != len(r.KampungIDs) {
				t.Errorf("%s: kampung %v", r.Title, r.Kampung)
			}
			if len(r.Partners) > 0 {
				withPartners++
			}
			for _, k := range r.Kampung {
				if k.Name != f.kampungNames[k.ID] {
					t.Errorf("%s: kampung ref %+v", r.Title, k)
				}
			}
		}
		if withPartners < 50 || withPartners > 80 {
			t.Errorf("%d of 100 with partners, want about two thirds", withPartners)
		}
		if !sort.SliceIsSorted(rows, func(i, j int) bool {
			if rows[i].Date != rows[j].Date {
				return rows[j].Date.Before(rows[i].Date)
			}
			return rows[i].ID > rows[j].ID
		}) {
			t.Error("rows not ordered by date, id descending")
		}
	})
}
