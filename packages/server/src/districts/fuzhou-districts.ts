/**
 * Fuzhou's county-level divisions (GB/T 2260 codes), the reference data of the demo and of a
 * Fuzhou deployment. Each district bureau handles the general cases of its own district.
 */
export const FUZHOU_DISTRICTS = [
  { code: '350102', nameZh: '鼓楼区', nameEn: 'Gulou District' },
  { code: '350103', nameZh: '台江区', nameEn: 'Taijiang District' },
  { code: '350104', nameZh: '仓山区', nameEn: 'Cangshan District' },
  { code: '350105', nameZh: '马尾区', nameEn: 'Mawei District' },
  { code: '350111', nameZh: '晋安区', nameEn: "Jin'an District" },
  { code: '350112', nameZh: '长乐区', nameEn: 'Changle District' },
  { code: '350121', nameZh: '闽侯县', nameEn: 'Minhou County' },
  { code: '350122', nameZh: '连江县', nameEn: 'Lianjiang County' },
  { code: '350123', nameZh: '罗源县', nameEn: 'Luoyuan County' },
  { code: '350124', nameZh: '闽清县', nameEn: 'Minqing County' },
  { code: '350125', nameZh: '永泰县', nameEn: 'Yongtai County' },
  { code: '350128', nameZh: '平潭县', nameEn: 'Pingtan County' },
  { code: '350181', nameZh: '福清市', nameEn: 'Fuqing City' },
] as const;

export const FUZHOU_CITY = { code: '350100', nameZh: '福州市', nameEn: 'Fuzhou' } as const;
