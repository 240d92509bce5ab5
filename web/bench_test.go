package web_test

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"kampungkb"
	"kampungkb/auth"
	"kampungkb/internal/testutil"
	"kampungkb/sqldb"
)

// BenchmarkActivityList measures the activity list page and the API list
// with 20,000 activities over the 254 villages of Lombok Timur (one Kampung
// KB each) and 60 partners, through a real HTTP server on 127.0.0.1. Each
// case reports p50 and p95 latency in ms; "healthz" (HTTP round trip and a
// database ping) and "store" (the storage query alone, no HTTP, no HTML)
// are the floors measured in the same run, for ratios.
//
//	go test -run x -bench ActivityList -benchtime 300x ./web
func BenchmarkActivityList(b *testing.B) {
	for _, d := range testutil.Engines() {
		b.Run(string(d), func(b *testing.B) {
			db := testutil.MustOpenDB(b, d)
			srv := newServer(&testing.T{}, db)
			kampung, partners := seedActivities(b, db, 20000)
			ln, err := net.Listen("tcp", "127.0.0.1:0")
			if err != nil {
				b.Fatal(err)
			}
			hs := &http.Server{Handler: srv}
			go hs.Serve(ln)
			defer hs.Close()
			base := "http://" + ln.Addr().String()
			client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 4}}
			// Requests are authenticated as a real client's would be: pages
			// with a session cookie, the API with a personal access token.
			ctx := context.Background()
			admin := kampungkb.User{Username: "admin-bench", Role: kampungkb.RoleAdmin}
			if err := db.CreateUser(ctx, &admin, "x"); err != nil {
				b.Fatal(err)
			}
			session, token := "bench-session", "kkb_bench-token"
			if err := db.CreateSession(ctx, auth.TokenHash(session), admin.ID, "127.0.0.1", "bench", time.Hour); err != nil {
				b.Fatal(err)
			}
			if _, err := db.CreateToken(ctx, admin.ID, "bench", auth.TokenHash(token), time.Hour); err != nil {
				b.Fatal(err)
			}
			get := func(b *testing.B, path string) {
				req, _ := http.NewRequest("GET", base+path, nil)
				if strings.HasPrefix(path, "/api/") {
					req.Header.Set("Authorization", "Bearer "+token)
				} else {
					req.AddCookie(&http.Cookie{Name: "kkb_session", Value: session})
				}
				resp, err := client.Do(req)
				if err != nil {
					b.Fatal(err)
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if resp.StatusCode != 200 {
					b.Fatalf("%s: %d", path, resp.StatusCode)
				}
			}
			partner := fmt.Sprint(partners[7])
			cases := []struct {
				name string
				fn   func(b *testing.B)
			}{
				{"healthz", func(b *testing.B) { get(b, "/healthz") }},
				{"store", func(b *testing.B) {
					if _, _, err := db.Activities(context.Background(), kampungkb.Filter{Limit: 50}); err != nil {
						b.Fatal(err)
					}
				}},
				{"page", func(b *testing.B) { get(b, "/kegiatan") }},
				{"page-region-kecamatan", func(b *testing.B) { get(b, "/kegiatan?region=52.03.07") }},
				{"page-partner", func(b *testing.B) { get(b, "/kegiatan?partner="+partner) }},
				{"page-kampung", func(b *testing.B) { get(b, fmt.Sprintf("/kegiatan?kampung=%d", kampung[100])) }},
				{"api", func(b *testing.B) { get(b, "/api/v1/activities?limit=50") }},
				{"api-region-kecamatan", func(b *testing.B) { get(b, "/api/v1/activities?limit=50&region=52.03.07") }},
				{"api-partner", func(b *testing.B) { get(b, "/api/v1/activities?limit=50&partner="+partner) }},
			}
			for _, c := range cases {
				b.Run(c.name, func(b *testing.B) {
					var lat []time.Duration
					for b.Loop() {
						start := time.Now()
						c.fn(b)
						lat = append(lat, time.Since(start))
					}
					slices.Sort(lat)
					b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
					b.ReportMetric(float64(lat[len(lat)*95/100].Microseconds())/1000, "p95-ms")
				})
			}
		})
	}
}

// seedActivities creates one Kampung KB per village of Lombok Timur, 60
// partners and n activities spread over 2020–2025, and returns the ids.
func seedActivities(b *testing.B, db *sqldb.DB, n int) (kampung, partners []int64) {
	b.Helper()
	ctx := context.Background()
	testutil.MustLoadRegions(b, db, "52.03")
	for _, r := range testutil.Regions(b, "52.03") {
		if r.Level != kampungkb.Desa {
			continue
		}
		k := kampungkb.Kampung{Name: "Kampung KB " + r.Name, VillageCode: r.Code, Coverage: "desa", LaunchDate: kampungkb.MustDate("2019-01-01")}
		if err := db.CreateKampung(ctx, &k); err != nil {
			b.Fatal(err)
		}
		kampung = append(kampung, k.ID)
	}
	cats := kampungkb.Functions.Codes()
	types := kampungkb.ActivityTypes.Codes()
	for i := 0; i < 60; i++ {
		m := kampungkb.Partner{Name: fmt.Sprintf("Mitra uji %02d", i), Category: kampungkb.PartnerCategories.Items[i%len(kampungkb.PartnerCategories.Items)].Code}
		if err := db.CreatePartner(ctx, &m); err != nil {
			b.Fatal(err)
		}
		partners = append(partners, m.ID)
	}
	start := kampungkb.MustDate("2020-01-01")
	for done := 0; done < n; {
		batch := make([]*kampungkb.Activity, 0, 2000)
		for ; done < n && len(batch) < 2000; done++ {
			a := &kampungkb.Activity{
				Title: fmt.Sprintf("Kegiatan uji %05d", done), Date: start.AddDays(done % 2190),
				KampungIDs: []int64{kampung[done%len(kampung)]}, Category: cats[done%len(cats)], Type: types[done%len(types)],
				Targets: []string{"pus"}, ParticipantsFemale: done % 40,
			}
			if done%3 != 0 {
				a.PartnerIDs = []int64{partners[done%len(partners)]}
			}
			if done%10 == 0 {
				a.KampungIDs = append(a.KampungIDs, kampung[(done+1)%len(kampung)])
			}
			batch = append(batch, a)
		}
		if err := db.CreateActivities(ctx, batch); err != nil {
			b.Fatal(err)
		}
	}
	return kampung, partners
}
