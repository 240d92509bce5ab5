package demo

import (
	"context"
	"errors"

	"kampungkb"
	"kampungkb/auth"
	"kampungkb/sqldb"
)

// Password is the password of every demo account. The demo is for trying
// the product on one computer; never use demo accounts for real data.
const Password = "demo-kampungkb-2026"

// Account is a demo account to print.
type Account struct {
	Username, Role, Scope string
}

// accounts are one per role, scoped to the demo's regions (domain.md §4).
func accounts(rkb int64) []kampungkb.User {
	return []kampungkb.User{
		{Username: "admin", Name: "Admin (contoh)", Role: kampungkb.RoleAdmin},
		{Username: "admin.ntb", Name: "Admin Provinsi NTB (contoh)", Role: kampungkb.RoleAdminProvinsi, Region: "52"},
		{Username: "admin.lotim", Name: "Admin DP3AKB Lombok Timur (contoh)", Role: kampungkb.RoleAdminKabupaten, Region: "52.03"},
		{Username: "admin.suralaga", Name: "Admin Kecamatan Suralaga (contoh)", Role: kampungkb.RoleAdminKecamatan, Region: "52.03.13"},
		{Username: "pkb.suralaga", Name: "PKB Kecamatan Suralaga (contoh)", Role: kampungkb.RolePKB, Region: "52.03.13",
			Capture: []string{"52.03.13.2007", "52.03.13.2001"}},
		{Username: "kader.tumbuhmulia", Name: "Kader Pokja Tumbuh Jaya (contoh)", Role: kampungkb.RoleKader, Region: "52.03.13.2007"},
		{Username: "tpk.tumbuhmulia", Name: "Anggota TPK Tumbuh Mulia (contoh)", Role: kampungkb.RoleTPK, Region: "52.03.13.2007"},
		{Username: "mitra.rkb", Name: "Rumah Kreatif BUMN Pertamina Pancor (contoh)", Role: kampungkb.RoleMitra, PartnerID: rkb},
		{Username: "pemantau.lotim", Name: "Pemantau Lombok Timur (contoh)", Role: kampungkb.RoleViewer, Region: "52.03"},
	}
}

// Accounts creates one demo account per role (when they do not exist yet)
// and returns them, all with Password.
func Accounts(ctx context.Context, db *sqldb.DB) ([]Account, error) {
	ctx = kampungkb.WithActor(ctx, kampungkb.Actor{Username: "demo", Role: kampungkb.RoleAdmin, CaptureRegions: []string{""}})
	ps, _, err := db.Partners(ctx, kampungkb.Filter{Q: "Rumah Kreatif BUMN Pertamina Pancor", Limit: 1, Archived: true})
	if err != nil {
		return nil, err
	}
	if len(ps) == 0 {
		return nil, errors.New("demo: mitra Rumah Kreatif BUMN Pertamina Pancor tidak ada; muat data contoh dulu")
	}
	hash, err := auth.HashPassword(Password)
	if err != nil {
		return nil, err
	}
	var out []Account
	for _, u := range accounts(ps[0].ID) {
		if _, _, err := db.UserByUsername(ctx, u.Username); err != nil {
			if kampungkb.ErrorKind(err) != kampungkb.NotFound {
				return nil, err
			}
			if err := db.CreateUser(ctx, &u, hash); err != nil {
				return nil, err
			}
		}
		scope := u.Region
		if u.Role == kampungkb.RoleMitra {
			scope = "mitra: " + ps[0].Name
		}
		if scope == "" {
			scope = "seluruh wilayah"
		}
		out = append(out, Account{Username: u.Username, Role: u.Role, Scope: scope})
	}
	return out, nil
}
