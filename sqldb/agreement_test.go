package sqldb_test

import (
	"bytes"
	"database/sql"
	"fmt"
	"strings"
	"testing"
	"time"

	"kampungkb"
	"kampungkb/internal/testutil"
	"kampungkb/sqldb"
)

// agreementFixture holds the partners the agreement tests share.
type agreementFixture struct {
	nw, zakat kampungkb.Partner
}

func newAgreementFixture(t *testing.T, db *sqldb.DB) agreementFixture {
	t.Helper()
	testutil.MustLoadRegions(t, db, "52.03")
	f := agreementFixture{
		nw:    kampungkb.Partner{Name: "Muslimat NW", Category: "ormas_keagamaan", Regions: []string{"52"}},
		zakat: kampungkb.Partner{Name: "Rumah Zakat", Category: "lsm", Regions: []string{"52.03.07"}},
	}
	for _, p := range []*kampungkb.Partner{&f.nw, &f.zakat} {
		if err := db.CreatePartner(ctx, p); err != nil {
			t.Fatal(err)
		}
	}
	return f
}

// mou returns the MoU between Muslimat NW and BKKBN Perwakilan NTB, signed
// in 2008 with no end date.
func (f agreementFixture) mou() kampungkb.Agreement {
	return kampungkb.Agreement{
		Type:     "mou",
		Number:   "01/MoU/NW/2008",
		Title:    "Nota Kesepahaman Pembinaan Kampung KB",
		SignedOn: kampungkb.MustDate("2008-03-10"),
		Parties: []kampungkb.Party{
			{Kind: "mitra", PartnerID: f.nw.ID, Signatory: "Ketua PW Muslimat NW"},
			{Kind: "bkkbn", Name: "BKKBN Perwakilan Provinsi NTB", RegionCode: "52", Signatory: "Kepala Perwakilan"},
		},
		Functions: []string{"pendidikan", "reproduksi"},
		Areas:     []string{"kb_kr", "stunting"},
	}
}

// pks returns a PKS of Muslimat NW with DP3AKB Lombok Timur under parent.
func (f agreementFixture) pks(parent int64, title, from, to string) kampungkb.Agreement {
	return kampungkb.Agreement{
		Type:      "pks",
		Title:     title,
		SignedOn:  kampungkb.MustDate(from),
		ValidFrom: kampungkb.MustDate(from),
		ValidTo:   kampungkb.MustDate(to),
		ParentID:  parent,
		Parties: []kampungkb.Party{
			{Kind: "mitra", PartnerID: f.nw.ID},
			{Kind: "opd_kb", Name: "DP3AKB Kabupaten Lombok Timur", RegionCode: "5203"},
		},
	}
}

// rawExec runs SQL on a second connection to db's database, for rows whose
// storage belongs to other files (Kampung KB, activities); it returns the
// id of an INSERT ... RETURNING id.
func rawExec(t *testing.T, db *sqldb.DB, q string) int64 {
	t.Helper()
	driver := "sqlite"
	if db.Dialect() == sqldb.Postgres {
		driver = "pgx"
	}
	c, err := sql.Open(driver, db.Source())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	var id int64
	if strings.Contains(q, "RETURNING") {
		err = c.QueryRow(q).Scan(&id)
	} else {
		_, err = c.Exec(q)
	}
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return id
}

func mustKampung(t *testing.T, db *sqldb.DB, name, village string) int64 {
	t.Helper()
	return rawExec(t, db, fmt.Sprintf(`INSERT INTO kampung (name, village_code, coverage, launch_date, created_at, updated_at,
		created_by, updated_by) VALUES ('%s', '%s', 'desa', '2017-01-01', '2024-01-01 00:00:00', '2024-01-01 00:00:00', 't', 't')
		RETURNING id`, name, village))
}

func mustActivity(t *testing.T, db *sqldb.DB, agreementID, kampungID int64) int64 {
	t.Helper()
	id := rawExec(t, db, fmt.Sprintf(`INSERT INTO activities (title, date, category, type, agreement_id, created_at, updated_at,
		created_by, updated_by) VALUES ('Penyuluhan KB', '2024-05-02', 'reproduksi', 'penyuluhan', %d,
		'2024-05-02 00:00:00', '2024-05-02 00:00:00', 't', 't') RETURNING id`, agreementID))
	rawExec(t, db, fmt.Sprintf(`INSERT INTO activity_kampung (activity_id, kampung_id) VALUES (%d, %d)`, id, kampungID))
	return id
}

func countAgreements(t *testing.T, db *sqldb.DB) int {
	t.Helper()
	_, total, err := db.Agreements(ctx, kampungkb.Filter{Archived: true})
	if err != nil {
		t.Fatal(err)
	}
	return total
}

func TestAgreementLifecycle(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *sqldb.DB) {
		f := newAgreementFixture(t, db)
		mou := f.mou()
		if err := db.CreateAgreement(ctx, &mou); err != nil {
			t.Fatal(err)
		}
		if mou.ID == 0 || mou.Version != 1 || mou.CreatedBy != "tester" || mou.Parties[0].Name != "Muslimat NW" {
			t.Errorf("created = %+v", mou)
		}
		got, err := db.Agreement(ctx, mou.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.ValidFrom != kampungkb.MustDate("2008-03-10") || !got.ValidTo.IsZero() || got.Number != "01/MoU/NW/2008" {
			t.Errorf("dates/number = %v %v %q", got.ValidFrom, got.ValidTo, got.Number)
		}
		wantParties := []kampungkb.Party{
			{Kind: "mitra", PartnerID: f.nw.ID, Name: "Muslimat NW", Signatory: "Ketua PW Muslimat NW", PartnerName: "Muslimat NW"},
			{Kind: "bkkbn", RegionCode: "52", Name: "BKKBN Perwakilan Provinsi NTB", Signatory: "Kepala Perwakilan"},
		}
		if fmt.Sprint(got.Parties) != fmt.Sprint(wantParties) {
			t.Errorf("parties = %+v\nwant %+v", got.Parties, wantParties)
		}
		// scope comes back in code-list order
		if strings.Join(got.Functions, ",") != "reproduksi,pendidikan" || strings.Join(got.Areas, ",") != "kb_kr,stunting" {
			t.Errorf("scope = %v %v", got.Functions, got.Areas)
		}

		// a PKS under the MoU, with a Kampung KB as party
		kid := mustKampung(t, db, "Kampung KB Pancor Sejahtera", "52.03.07.1001")
		pks := f.pks(mou.ID, "PKS Penyuluhan KB di Pancor", "2024-01-01", "2025-12-31")
		pks.Parties = append(pks.Parties, kampungkb.Party{Kind: "kampung", KampungID: kid})
		if err := db.CreateAgreement(ctx, &pks); err != nil {
			t.Fatal(err)
		}
		got, err = db.Agreement(ctx, pks.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.ParentID != mou.ID || got.ParentTitle != mou.Title || len(got.Parties) != 3 ||
			got.Parties[2].Name != "Kampung KB Pancor Sejahtera" || got.Parties[2].KampungName != "Kampung KB Pancor Sejahtera" ||
			got.Parties[1].RegionCode != "52.03" {
			t.Errorf("pks = %+v", got)
		}
		mustActivity(t, db, pks.ID, kid)
		got, err = db.Agreement(ctx, mou.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(got.Children) != 1 || got.Children[0].ID != pks.ID || got.Children[0].Name != "PKS — PKS Penyuluhan KB di Pancor" {
			t.Errorf("children = %+v", got.Children)
		}
		if got, _ := db.Agreement(ctx, pks.ID); got.ActivityCount != 1 {
			t.Errorf("activity count = %d, want 1", got.ActivityCount)
		}

		before := countAgreements(t, db)
		// a PKS as the parent of another PKS
		sub := f.pks(pks.ID, "PKS turunan PKS", "2024-02-01", "2024-12-31")
		if err := db.CreateAgreement(ctx, &sub); kampungkb.ErrorFields(err)["parent_id"] == "" {
			t.Errorf("PKS under PKS: %v, want a parent_id error", err)
		}
		// valid_to before valid_from: field error, nothing stored
		bad := f.pks(mou.ID, "Tanggal terbalik", "2024-01-01", "2023-12-31")
		err = db.CreateAgreement(ctx, &bad)
		if kampungkb.ErrorKind(err) != kampungkb.Invalid || kampungkb.ErrorFields(err)["valid_to"] == "" {
			t.Errorf("valid_to before valid_from: %v", err)
		}
		// unknown partner, Kampung KB, region, parent
		for name, change := range map[string]func(a *kampungkb.Agreement){
			"partner": func(a *kampungkb.Agreement) { a.Parties[0].PartnerID = 9999 },
			"kampung": func(a *kampungkb.Agreement) { a.Parties[1] = kampungkb.Party{Kind: "kampung", KampungID: 9999} },
			"region":  func(a *kampungkb.Agreement) { a.Parties[1].RegionCode = "52.99" },
		} {
			a := f.mou()
			change(&a)
			err := db.CreateAgreement(ctx, &a)
			if kampungkb.ErrorKind(err) != kampungkb.Invalid || kampungkb.ErrorFields(err)["parties"] == "" {
				t.Errorf("unknown %s: %v, want a parties error", name, err)
			}
		}
		orphan := f.pks(9999, "Induk tidak ada", "2024-01-01", "2024-12-31")
		if err := db.CreateAgreement(ctx, &orphan); kampungkb.ErrorFields(err)["parent_id"] == "" {
			t.Errorf("unknown parent: %v", err)
		}
		if n := countAgreements(t, db); n != before {
			t.Errorf("refused creates stored something: %d agreements, want %d", n, before)
		}

		// an MoU with PKS children cannot become a PKS
		m := got
		m.Type = "pks"
		if err := db.UpdateAgreement(ctx, &m); kampungkb.ErrorFields(err)["type"] == "" {
			t.Errorf("MoU with children to PKS: %v, want a type error", err)
		}
		// cycles through the parent chain: mou <- mou2 <- mou3, then mou under mou3
		mou2 := f.mou()
		mou2.Title, mou2.ParentID = "MoU wilayah", mou.ID
		if err := db.CreateAgreement(ctx, &mou2); err != nil {
			t.Fatal(err)
		}
		mou3 := f.mou()
		mou3.Title, mou3.ParentID = "MoU cabang", mou2.ID
		if err := db.CreateAgreement(ctx, &mou3); err != nil {
			t.Fatal(err)
		}
		m, _ = db.Agreement(ctx, mou.ID)
		m.ParentID = mou3.ID
		if err := db.UpdateAgreement(ctx, &m); kampungkb.ErrorFields(err)["parent_id"] == "" {
			t.Errorf("cycle: %v, want a parent_id error", err)
		}

		// updates replace parties and scope; stale updates are refused
		a1, _ := db.Agreement(ctx, mou.ID)
		a2 := a1
		a1.Parties = append(a1.Parties, kampungkb.Party{Kind: "mitra", PartnerID: f.zakat.ID, Name: "Yayasan Rumah Zakat Indonesia"})
		a1.Functions, a1.Areas = []string{"ekonomi"}, nil
		a1.ValidTo = kampungkb.MustDate("2030-12-31")
		if err := db.UpdateAgreement(ctx, &a1); err != nil {
			t.Fatal(err)
		}
		if a1.Version != 2 {
			t.Errorf("version after update = %d, want 2", a1.Version)
		}
		got, _ = db.Agreement(ctx, mou.ID)
		if len(got.Parties) != 3 || got.Parties[2].Name != "Yayasan Rumah Zakat Indonesia" || got.Parties[2].PartnerName != "Rumah Zakat" ||
			strings.Join(got.Functions, ",") != "ekonomi" || got.Areas != nil || got.ValidTo != kampungkb.MustDate("2030-12-31") {
			t.Errorf("after update = %+v", got)
		}
		a2.Title = "Judul lain"
		if err := db.UpdateAgreement(ctx, &a2); kampungkb.ErrorKind(err) != kampungkb.Conflict {
			t.Errorf("stale update: %v, want conflict", err)
		}
		missing := f.mou()
		missing.ID = 9999
		if err := db.UpdateAgreement(ctx, &missing); kampungkb.ErrorKind(err) != kampungkb.NotFound {
			t.Errorf("update of a missing agreement: %v, want not_found", err)
		}

		// deleting is refused while PKS or activities refer to it
		err = db.DeleteAgreement(ctx, mou.ID)
		if kampungkb.ErrorKind(err) != kampungkb.Conflict || !strings.Contains(err.Error(), "perjanjian turunan") ||
			!strings.Contains(err.Error(), "Arsipkan") {
			t.Errorf("delete MoU with PKS: %v", err)
		}
		err = db.DeleteAgreement(ctx, pks.ID)
		if kampungkb.ErrorKind(err) != kampungkb.Conflict || !strings.Contains(err.Error(), "1 kegiatan") {
			t.Errorf("delete PKS with an activity: %v", err)
		}
		if err := db.DeleteAgreement(ctx, mou3.ID); err != nil {
			t.Errorf("delete unused MoU: %v", err)
		}
		if _, err := db.Agreement(ctx, mou3.ID); kampungkb.ErrorKind(err) != kampungkb.NotFound {
			t.Errorf("deleted agreement: %v", err)
		}
		if err := db.DeleteAgreement(ctx, mou3.ID); kampungkb.ErrorKind(err) != kampungkb.NotFound {
			t.Errorf("delete twice: %v", err)
		}

		// archiving hides from lists and pickers
		refs, err := db.AgreementRefs(ctx, kampungkb.Scope{})
		if err != nil || len(refs) != 3 {
			t.Errorf("refs = %v, %v", refs, err)
		}
		if err := db.SetAgreementArchived(ctx, mou2.ID, true); err != nil {
			t.Fatal(err)
		}
		refs, _ = db.AgreementRefs(ctx, kampungkb.Scope{})
		for _, r := range refs {
			if r.ID == mou2.ID {
				t.Errorf("archived agreement in refs: %v", refs)
			}
		}
		if _, total, _ := db.Agreements(ctx, kampungkb.Filter{}); total != 2 {
			t.Errorf("listed %d agreements after archiving one, want 2", total)
		}
		if got, _ := db.Agreement(ctx, mou2.ID); !got.Archived || got.Version != 2 {
			t.Errorf("archived = %v, version %d", got.Archived, got.Version)
		}
	})
}

func TestAgreementDocuments(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *sqldb.DB) {
		f := newAgreementFixture(t, db)
		mou := f.mou()
		if err := db.CreateAgreement(ctx, &mou); err != nil {
			t.Fatal(err)
		}
		pdf := []byte("%PDF-1.4\n% naskah MoU\n%%EOF\n")
		file := kampungkb.File{Name: "mou-nw-2008.pdf", ContentType: "application/pdf", Data: pdf}
		doc, err := db.AddAgreementDocument(ctx, mou.ID, " Naskah MoU ", &file)
		if err != nil {
			t.Fatal(err)
		}
		if doc.ID == 0 || doc.FileID == 0 || doc.Title != "Naskah MoU" || doc.Size != int64(len(pdf)) || doc.Name != "mou-nw-2008.pdf" {
			t.Errorf("document = %+v", doc)
		}
		got, err := db.Agreement(ctx, mou.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(got.Documents) != 1 || got.Documents[0] != doc {
			t.Errorf("documents = %+v, want [%+v]", got.Documents, doc)
		}
		stored, err := db.File(ctx, doc.FileID)
		if err != nil || !bytes.Equal(stored.Data, pdf) || stored.ContentType != "application/pdf" || stored.CreatedBy != "tester" {
			t.Errorf("file = %+v, %v", stored, err)
		}
		// wrong type, unknown agreement
		txt := kampungkb.File{Name: "catatan.txt", ContentType: "text/plain", Data: []byte("x")}
		if _, err := db.AddAgreementDocument(ctx, mou.ID, "", &txt); kampungkb.ErrorFields(err)["file"] == "" {
			t.Errorf("text file: %v, want a file error", err)
		}
		if _, err := db.AddAgreementDocument(ctx, 9999, "", &file); kampungkb.ErrorKind(err) != kampungkb.NotFound {
			t.Errorf("unknown agreement: %v", err)
		}
		// removing needs the right agreement, and deletes the file
		other := f.mou()
		other.Title = "MoU lain"
		if err := db.CreateAgreement(ctx, &other); err != nil {
			t.Fatal(err)
		}
		if err := db.RemoveAgreementDocument(ctx, other.ID, doc.ID); kampungkb.ErrorKind(err) != kampungkb.NotFound {
			t.Errorf("remove via another agreement: %v", err)
		}
		if err := db.RemoveAgreementDocument(ctx, mou.ID, doc.ID); err != nil {
			t.Fatal(err)
		}
		if got, _ := db.Agreement(ctx, mou.ID); len(got.Documents) != 0 {
			t.Errorf("documents after removal = %+v", got.Documents)
		}
		if _, err := db.File(ctx, doc.FileID); kampungkb.ErrorKind(err) != kampungkb.NotFound {
			t.Errorf("file after removal: %v", err)
		}
		// deleting an agreement deletes its documents' files
		img := kampungkb.File{Name: "ttd.png", ContentType: "image/png", Data: []byte("\x89PNG\r\n\x1a\nxyz")}
		doc, err = db.AddAgreementDocument(ctx, other.ID, "Halaman tanda tangan", &img)
		if err != nil {
			t.Fatal(err)
		}
		if err := db.DeleteAgreement(ctx, other.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := db.File(ctx, doc.FileID); kampungkb.ErrorKind(err) != kampungkb.NotFound {
			t.Errorf("file of a deleted agreement: %v", err)
		}
	})
}

func TestAgreementList(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *sqldb.DB) {
		f := newAgreementFixture(t, db)
		// 15 June 2025, 08:00 in Lombok (WITA, UTC+8)
		db.Now = func() time.Time { return time.Date(2025, 6, 15, 8, 0, 0, 0, time.FixedZone("WITA", 8*3600)) }
		today := kampungkb.MustDate("2025-06-15")

		mou := f.mou() // active, open-ended
		if err := db.CreateAgreement(ctx, &mou); err != nil {
			t.Fatal(err)
		}
		create := func(a kampungkb.Agreement) kampungkb.Agreement {
			t.Helper()
			if err := db.CreateAgreement(ctx, &a); err != nil {
				t.Fatal(err)
			}
			return a
		}
		create(f.pks(mou.ID, "PKS berakhir Juli", "2024-01-01", "2025-07-01"))
		ended := create(f.pks(mou.ID, "PKS 2023-2024", "2023-01-01", "2024-12-31"))
		create(f.pks(mou.ID, "PKS berakhir dalam 90 hari", "2024-06-01", "2025-09-13"))
		in91 := create(f.pks(mou.ID, "PKS berakhir dalam 91 hari", "2024-06-02", "2025-09-14"))
		endsToday := create(f.pks(mou.ID, "PKS berakhir hari ini", "2024-06-03", "2025-06-15"))
		future := f.mou()
		future.Title, future.Number = "Kesepahaman Bersama GKMNU 100% 2025", "KB/1/2025"
		future.Type = "kesepahaman_bersama"
		future.SignedOn, future.ValidFrom = kampungkb.MustDate("2025-05-20"), kampungkb.MustDate("2025-09-01")
		future.Parties = []kampungkb.Party{
			{Kind: "mitra", PartnerID: f.zakat.ID},
			{Kind: "pemda", Name: "Pemerintah Kabupaten Lombok Timur", RegionCode: "52.03"},
		}
		future = create(future)
		archived := create(f.pks(mou.ID, "PKS diarsipkan", "2024-01-01", "2025-07-02"))
		if err := db.SetAgreementArchived(ctx, archived.ID, true); err != nil {
			t.Fatal(err)
		}

		titles := func(rows []sqldb.AgreementRow) string {
			var out []string
			for _, r := range rows {
				out = append(out, r.Title)
			}
			return strings.Join(out, " | ")
		}
		list := func(f kampungkb.Filter) []sqldb.AgreementRow {
			t.Helper()
			rows, total, err := db.Agreements(ctx, f)
			if err != nil {
				t.Fatalf("Agreements(%+v): %v", f, err)
			}
			if total != len(rows) {
				t.Errorf("Agreements(%+v): total %d, %d rows", f, total, len(rows))
			}
			return rows
		}

		// everything, newest signed first; the status computed in SQL
		// agrees with the domain's on every row.
		all := list(kampungkb.Filter{})
		want := "Kesepahaman Bersama GKMNU 100% 2025 | PKS berakhir hari ini | PKS berakhir dalam 91 hari | PKS berakhir dalam 90 hari | PKS berakhir Juli | PKS 2023-2024 | Nota Kesepahaman Pembinaan Kampung KB"
		if got := titles(all); got != want {
			t.Errorf("all =\n%s\nwant\n%s", got, want)
		}
		for _, r := range all {
			if r.Status != r.Agreement.Status(today) {
				t.Errorf("%s: row status %s, domain %s", r.Title, r.Status, r.Agreement.Status(today))
			}
			if r.Title == mou.Title && strings.Join(r.PartnerNames, ",") != "Muslimat NW" {
				t.Errorf("partner names = %v", r.PartnerNames)
			}
		}
		byStatus := map[string]string{}
		for _, r := range all {
			if byStatus[r.Status] != "" {
				byStatus[r.Status] += " | "
			}
			byStatus[r.Status] += r.Title
		}
		for _, s := range kampungkb.AgreementStatuses.Codes() {
			if got := titles(list(kampungkb.Filter{Status: s})); got != byStatus[s] {
				t.Errorf("status %s: SQL gives %q, domain %q", s, got, byStatus[s])
			}
		}
		if got := titles(list(kampungkb.Filter{Status: kampungkb.StatusEnding})); got != "PKS berakhir hari ini | PKS berakhir dalam 90 hari | PKS berakhir Juli" {
			t.Errorf("ending = %s", got)
		}
		if _, _, err := db.Agreements(ctx, kampungkb.Filter{Status: "aktif"}); kampungkb.ErrorKind(err) != kampungkb.Invalid {
			t.Errorf("unknown status: %v", err)
		}

		// ending soon, for the home page
		soon, err := db.EndingAgreements(ctx, today, kampungkb.EndingSoonDays, 10, kampungkb.Scope{})
		if err != nil {
			t.Fatal(err)
		}
		if got := titles(soon); got != "PKS berakhir hari ini | PKS berakhir Juli | PKS berakhir dalam 90 hari" {
			t.Errorf("ending soon = %s", got)
		}
		if soon, _ := db.EndingAgreements(ctx, today, 30, 1, kampungkb.Scope{}); titles(soon) != "PKS berakhir hari ini" {
			t.Errorf("ending within 30 days, limit 1 = %s", titles(soon))
		}

		tests := []struct {
			name   string
			filter kampungkb.Filter
			want   string
		}{
			{"title, any case", kampungkb.Filter{Q: "pembinaan KAMPUNG"}, mou.Title},
			{"number", kampungkb.Filter{Q: "mou/nw"}, mou.Title},
			{"percent is literal", kampungkb.Filter{Q: "100%"}, future.Title},
			{"underscore is literal", kampungkb.Filter{Q: "PKS_"}, ""},
			{"type", kampungkb.Filter{Type: "kesepahaman_bersama"}, future.Title},
			{"partner", kampungkb.Filter{PartnerID: f.zakat.ID}, future.Title},
			{"function in scope", kampungkb.Filter{Category: "reproduksi"}, future.Title + " | " + mou.Title},
			{"period 2023", kampungkb.Filter{Period: kampungkb.Period{From: kampungkb.MustDate("2023-01-01"), To: kampungkb.MustDate("2023-12-31")}},
				ended.Title + " | " + mou.Title},
			{"from September 2025", kampungkb.Filter{Period: kampungkb.Period{From: kampungkb.MustDate("2025-09-14")}},
				future.Title + " | " + in91.Title + " | " + mou.Title},
			{"archived included", kampungkb.Filter{Archived: true, Q: "diarsipkan"}, archived.Title},
			{"paging", kampungkb.Filter{Limit: 2, Offset: 1}, endsToday.Title + " | " + in91.Title},
		}
		for _, tt := range tests {
			rows, total, err := db.Agreements(ctx, tt.filter)
			if err != nil {
				t.Errorf("%s: %v", tt.name, err)
				continue
			}
			if got := titles(rows); got != tt.want {
				t.Errorf("%s: got %q, want %q", tt.name, got, tt.want)
			}
			if tt.name == "paging" && total != 7 {
				t.Errorf("paging: total %d, want 7", total)
			}
		}
	})
}

func TestAgreementPlaceFilters(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *sqldb.DB) {
		f := newAgreementFixture(t, db)
		create := func(a kampungkb.Agreement) kampungkb.Agreement {
			t.Helper()
			if err := db.CreateAgreement(ctx, &a); err != nil {
				t.Fatal(err)
			}
			return a
		}
		// Muslimat NW works in all of NTB, Rumah Zakat in Selong (52.03.07).
		provincial := create(f.mou()) // BKKBN Perwakilan NTB (52)
		district := f.pks(0, "PKS Lombok Timur", "2024-01-01", "2025-12-31")
		district.Parties[0].PartnerID = f.zakat.ID // DP3AKB Lombok Timur (52.03)
		district = create(district)
		kid := mustKampung(t, db, "Kampung KB Tumbuh Mulia", "52.03.13.2007")
		withKampung := kampungkb.Agreement{Type: "pks", Title: "PKS dengan Kampung KB", SignedOn: kampungkb.MustDate("2024-03-01"),
			Parties: []kampungkb.Party{{Kind: "mitra", PartnerID: f.zakat.ID}, {Kind: "kampung", KampungID: kid}}}
		withKampung = create(withKampung)
		viaActivity := kampungkb.Agreement{Type: "pks", Title: "PKS lewat kegiatan", SignedOn: kampungkb.MustDate("2024-04-01"),
			Parties: []kampungkb.Party{{Kind: "mitra", PartnerID: f.zakat.ID}, {Kind: "desa", Name: "Pemerintah Desa Lain"}}}
		viaActivity = create(viaActivity)
		mustActivity(t, db, viaActivity.ID, kid)

		titles := func(filter kampungkb.Filter) string {
			t.Helper()
			rows, _, err := db.Agreements(ctx, filter)
			if err != nil {
				t.Fatal(err)
			}
			var out []string
			for _, r := range rows {
				out = append(out, r.Title)
			}
			return strings.Join(out, " | ")
		}
		tests := []struct {
			filter kampungkb.Filter
			want   string
		}{
			{kampungkb.Filter{KampungID: kid}, viaActivity.Title + " | " + withKampung.Title},
			// 52.03.13 (Suralaga): the party kampung's village lies below it,
			// DP3AKB Lombok Timur and Muslimat NW above it; Rumah Zakat works
			// in Selong only, and activities do not count.
			{kampungkb.Filter{Region: "52.03.13"}, withKampung.Title + " | " + district.Title + " | " + provincial.Title},
			// 52.01 (Lombok Barat): only the provincial MoU and Muslimat NW.
			{kampungkb.Filter{Region: "5201"}, provincial.Title},
			// 53 (NTT): nothing.
			{kampungkb.Filter{Region: "53"}, ""},
		}
		for _, tt := range tests {
			if got := titles(tt.filter); got != tt.want {
				t.Errorf("%+v: got %q, want %q", tt.filter, got, tt.want)
			}
		}
	})
}
