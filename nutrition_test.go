package kampungkb_test

import (
	"testing"

	"kampungkb"
)

func TestPermenkesStatus(t *testing.T) {
	for _, c := range []struct {
		f    func(float64) (string, string)
		z    float64
		want string
	}{
		{kampungkb.StatusHeight, -3.01, "Sangat pendek (severely stunted)"},
		{kampungkb.StatusHeight, -3, "Pendek (stunted)"},
		{kampungkb.StatusHeight, -2.01, "Pendek (stunted)"},
		{kampungkb.StatusHeight, -2, "Normal"},
		{kampungkb.StatusHeight, 3, "Normal"},
		{kampungkb.StatusHeight, 3.01, "Tinggi"},
		{kampungkb.StatusWeight, -3.01, "Berat badan sangat kurang (severely underweight)"},
		{kampungkb.StatusWeight, -2.5, "Berat badan kurang (underweight)"},
		{kampungkb.StatusWeight, 1, "Berat badan normal"},
		{kampungkb.StatusWeight, 1.01, "Risiko berat badan lebih"},
		{kampungkb.StatusNutrition, -3.01, "Gizi buruk (severely wasted)"},
		{kampungkb.StatusNutrition, -3, "Gizi kurang (wasted)"},
		{kampungkb.StatusNutrition, -2, "Gizi baik (normal)"},
		{kampungkb.StatusNutrition, 1, "Gizi baik (normal)"},
		{kampungkb.StatusNutrition, 1.01, "Berisiko gizi lebih"},
		{kampungkb.StatusNutrition, 2, "Berisiko gizi lebih"},
		{kampungkb.StatusNutrition, 2.01, "Gizi lebih (overweight)"},
		{kampungkb.StatusNutrition, 3, "Gizi lebih (overweight)"},
		{kampungkb.StatusNutrition, 3.01, "Obesitas (obese)"},
	} {
		if got, _ := c.f(c.z); got != c.want {
			t.Errorf("z %.2f: %q, want %q", c.z, got, c.want)
		}
	}
	z := -2.5
	w := 7.0
	s := kampungkb.ZScores{Len: &z, Wfl: &w, FWfl: true}.Statuses()
	if len(s) != 2 || s[0].Label != "Pendek (stunted)" || s[1].Level != "flag" {
		t.Errorf("statuses = %+v", s)
	}
}
