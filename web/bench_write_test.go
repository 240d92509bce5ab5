package web_test

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"testing"
	"time"

	"kampungkb"
	"kampungkb/auth"
	"kampungkb/internal/loadgen"
	"kampungkb/internal/testutil"
	"kampungkb/sqldb"
)

// BenchmarkAPIWrites measures the data-entry API (issue point 4: ≥ 2,000
// writes/s on SQLite over loopback): 8 clients through a real HTTP server
// on 127.0.0.1 with a personal access token, in turn adding a member,
// recording a measurement and storing a family, each one transaction with
// its audit entry and roll-up mark. "healthz" under the same load is the
// floor. Reports writes/s and p95 in ms.
//
//	go test -run x -bench APIWrites -benchtime 3000x ./web
func BenchmarkAPIWrites(b *testing.B) {
	for _, d := range testutil.Engines() {
		b.Run(string(d), func(b *testing.B) {
			db := testutil.MustOpenDB(b, d)
			srv := childServer(&testing.T{}, db, fakeScorer)
			db.Now = time.Now
			ctx := kampungkb.WithActor(context.Background(), kampungkb.SystemActor)
			var fams []kampungkb.Family
			var members []kampungkb.Member
			for i := range 200 {
				fid := fmt.Sprintf("BENCH%04d", i)
				fams = append(fams, kampungkb.Family{FamilyID: fid, VillageCode: "52.03.13.2007", Dusun: "Dasan", WaterSource: "ledeng"})
				members = append(members, kampungkb.Member{FamilyID: fid, MemberNo: 1, Name: "Ibu", Sex: "p", BirthDate: kampungkb.MustDate("1995-01-01")})
			}
			if _, err := db.ImportFamilies(ctx, sqldb.FamiliesOf(fams), sqldb.ImportOptions{}); err != nil {
				b.Fatal(err)
			}
			if _, err := db.ImportMembers(ctx, sqldb.MembersOf(members), sqldb.ImportOptions{}); err != nil {
				b.Fatal(err)
			}
			var kids []int64
			birth := kampungkb.DateOf(time.Now().AddDate(-2, 0, 0))
			for i := range 100 {
				c := kampungkb.Child{Name: fmt.Sprintf("Anak %d", i), Sex: "l", BirthDate: birth, VillageCode: "52.03.13.2007"}
				if err := db.CreateChild(ctx, &c); err != nil {
					b.Fatal(err)
				}
				kids = append(kids, c.ID)
			}
			admin := kampungkb.User{Username: "admin-bench", Role: kampungkb.RoleAdmin}
			if err := db.CreateUser(context.Background(), &admin, "x"); err != nil {
				b.Fatal(err)
			}
			token := "kkb_bench-token"
			if _, err := db.CreateToken(context.Background(), admin.ID, "bench", auth.TokenHash(token), time.Hour); err != nil {
				b.Fatal(err)
			}
			ln, err := net.Listen("tcp", "127.0.0.1:0")
			if err != nil {
				b.Fatal(err)
			}
			hs := &http.Server{Handler: srv}
			go hs.Serve(ln)
			defer hs.Close()
			base := "http://" + ln.Addr().String()
			h := http.Header{"Authorization": {"Bearer " + token}, "Content-Type": {"application/json"}}
			yesterday := kampungkb.DateOf(time.Now().UTC().AddDate(0, 0, -1))
			writes := func(n int) loadgen.Request {
				i := n / 3
				switch n % 3 {
				case 0:
					return loadgen.Request{Method: "POST", URL: fmt.Sprintf("%s/api/v1/families/BENCH%04d/members", base, i%len(fams)), Header: h,
						Body: []byte(`{"name":"Uji","sex":"p","birth_date":"1990-01-01"}`)}
				case 1:
					return loadgen.Request{Method: "POST", URL: fmt.Sprintf("%s/api/v1/children/%d/measurements", base, kids[i%len(kids)]), Header: h,
						Body: []byte(`{"date":"` + yesterday.String() + `","weight_kg":11.5,"lenhei_cm":84.2,"measure":"h"}`)}
				default:
					return loadgen.Request{Method: "PUT", URL: fmt.Sprintf("%s/api/v1/families/BENCH%04d", base, i%len(fams)), Header: h,
						Body: []byte(`{"village_code":"52.03.13.2007","dusun":"Dasan","address":"Uji ` + fmt.Sprint(n) + `","water_source":"ledeng"}`)}
				}
			}
			healthz := func(int) loadgen.Request { return loadgen.Request{Method: "GET", URL: base + "/healthz", Header: h} }
			for _, c := range []struct {
				name string
				next func(int) loadgen.Request
			}{{"healthz", healthz}, {"writes", writes}} {
				b.Run(c.name, func(b *testing.B) {
					b.ResetTimer()
					res, err := loadgen.Run(context.Background(), loadgen.Config{Clients: 8, Requests: max(b.N, 30), Warmup: 30, Next: c.next})
					if err != nil {
						b.Fatal(err)
					}
					if res.Errors > 0 {
						b.Fatalf("%d errors (%v): %s", res.Errors, res.Status, res.FirstError)
					}
					b.ReportMetric(res.Throughput, "req/s")
					b.ReportMetric(float64(res.P95.Microseconds())/1000, "p95-ms")
				})
			}
		})
	}
}
