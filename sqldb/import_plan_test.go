package sqldb_test

import (
	"context"
	"testing"

	"kampungkb/internal/testutil"
	"kampungkb/sqldb"
)

// TestImportUsesCachedPlans: the connections force custom plans for the
// pages' queries, but an import's foreign-key checks run once per row and
// must keep their cached plans (NTB's members: 141 s to COPY when every
// check was planned anew, 57 s with cached plans).
func TestImportUsesCachedPlans(t *testing.T) {
	db := testutil.MustOpenDB(t, sqldb.Postgres)
	in, out, err := db.ImportSetting(context.Background(), "plan_cache_mode")
	if err != nil {
		t.Fatal(err)
	}
	if in != "auto" || out != "force_custom_plan" {
		t.Errorf("plan_cache_mode: %q in an import, %q outside; want auto and force_custom_plan", in, out)
	}
}
