package gen_test

import (
	"bytes"
	"fmt"
	"io"
	"strings"

	"kampungkb"
	"kampungkb/gen"
)

// Generate one village with two deliberate errors; without Population the
// village gets about 3,360 people.
func ExampleGenerate() {
	regions := []kampungkb.Region{{Code: "52.03.13.2007", Name: "Tumbuh Mulia", Level: kampungkb.Desa, ParentCode: "52.03.13"}}
	var fam, errs bytes.Buffer
	st, err := gen.Generate(gen.Config{Region: "5203132007", Seed: 1, Errors: 2}, regions,
		gen.Writers{Families: &fam, Members: io.Discard, Measurements: io.Discard, Errors: &errs})
	if err != nil {
		fmt.Println(err)
		return
	}
	lines := strings.Split(fam.String(), "\n")
	fmt.Println(lines[0])
	fmt.Println(strings.Count(errs.String(), "\n"), "errors listed;", st.Errors, "injected")
	// Output:
	// family_id,no_kk,village_code,dusun,rw,rt,water_source,toilet,welfare_decile
	// 2 errors listed; 2 injected
}
